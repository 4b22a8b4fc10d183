import type { OrderBook } from '@lob/core';
import { blackhole } from '../measure/blackhole.js';
import type { Stepper } from '../measure/hot-loops.js';
import type { VenueInput } from '../workloads/venue-input.js';
import { MISMATCH, VERIFIED, type FrameWork, type Outcome } from './venue-paths.js';

/** A stepper over a venue session's frames that also counts what each frame did. */
export interface VenueStepper extends Stepper {
  /** Frames seen per outcome since the stepper was made (indexed by Outcome). */
  readonly outcomes: Float64Array;
  /** Throws when any check (checksum or id chain) failed or none passed: a benchmark of a broken path means nothing. */
  check(): void;
}

/**
 * Steps over the frames in a loop, one frame per step, doing `work` on each. Outcomes are tallied rather than
 * thrown on, so a step's cost is the work and an array increment; `check` reads the tally after the timed part.
 */
export function venueStepper(input: VenueInput, work: FrameWork): VenueStepper {
  const frames = input.recording.frames;
  const counts = input.counts;
  const n = frames.length;
  const outcomes = new Float64Array(4);
  let i = 0;
  let changes = 0;
  return {
    step: () => {
      const outcome = work(frames[i] as string);
      outcomes[outcome] = (outcomes[outcome] as number) + 1;
      changes += counts[i] as number;
      if (++i === n) i = 0;
    },
    takeChanges: () => {
      const c = changes;
      changes = 0;
      return c;
    },
    position: () => i,
    cycleLength: n,
    outcomes,
    check: () => {
      const [verified, mismatched] = [outcomes[VERIFIED] as number, outcomes[MISMATCH] as number];
      if (mismatched > 0 || verified === 0) throw new Error(`${input.recording.session}: ${mismatched} checksum or id-chain mismatches, ${verified} verified`);
    },
  };
}

/** lob's live path on a fresh book: decode, apply (and trim), checksum verify. */
export function venuePipelineStepper(input: VenueInput, book: OrderBook): VenueStepper {
  return venueStepper(input, input.paths.pipeline(book));
}

/** The baseline on a fresh book: JSON.parse, then the same apply and checksum verify. */
export function venueBaselineStepper(input: VenueInput, book: OrderBook): VenueStepper {
  return venueStepper(input, input.paths.baseline(book));
}

/** JSON.parse alone on the same frames: the floor, as for Binance. */
export function venueJsonParseStepper(input: VenueInput): Stepper {
  return venueStepper(input, (frame) => ((blackhole.a = JSON.parse(frame)), 0 as Outcome));
}

/** The connector's decoder alone on the same frames. */
export function venueDecodeStepper(input: VenueInput): Stepper {
  return venueStepper(input, (frame) => ((blackhole.a = input.paths.decode(frame)), 0 as Outcome));
}
