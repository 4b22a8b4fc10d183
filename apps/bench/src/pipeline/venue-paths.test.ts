import { describe, expect, it } from '@jest/globals';
import type { Level, OrderBook } from '@lob/core';
import { CONTENDERS } from '../contenders.js';
import { venueInput, type VenueInput } from '../workloads/venue-input.js';
import { loadVenueRecording, type Venue } from '../workloads/venue-recording.js';
import { MISMATCH, NOT_BOOK, UNCHECKED, VERIFIED, type Outcome } from './venue-paths.js';
import { venueBaselineStepper, venuePipelineStepper, venueStepper } from './venue-stepper.js';

// The sessions the benchmark replays (catalog.ts), whole.
const SESSIONS: readonly [Venue, string][] = [
  ['okx', 'okx-books-l2-tbt_ZEN-USDT_2022-02-27'],
  ['kraken', 'kraken-book_DASH-EUR_2021-04-05'],
  ['bybit', 'bybit-linear_SOLUSDT_2026-08-09'],
  ['coinbase', 'coinbase-advanced_ETH-USD_2026-08-09'],
];
const inputs = new Map(SESSIONS.map(([venue, session]) => [session, venueInput(loadVenueRecording(venue, session))]));
const inputOf = (session: string): VenueInput => inputs.get(session) as VenueInput;

/** Levels as `[price, size]` pairs: the baseline's book holds the rows as parsed, extra fields and all. */
const pairs = (levels: Iterable<Level>): Level[] => [...levels].map(([price, size]) => [price, size] as const);

/**
 * The lines a path must verify: the recorded checksums' lines, or for a venue without checksums every update the
 * connector decodes (the id chain proves each one; the snapshots start it).
 */
function provenLines(input: VenueInput): number[] {
  const { recording } = input;
  if (recording.checkpoints.size > 0) return [...recording.checkpoints.keys()].sort((a, b) => a - b);
  return recording.frames.flatMap((frame, line) => ((input.paths.decode(frame) as { type?: string }).type === 'depth' ? [line] : []));
}

/** Steps once over every frame, recording which lines were verified. */
function replayOnce(input: VenueInput, work: (frame: string) => Outcome): { lines: Map<number, Outcome>; outcomes: Float64Array } {
  const lines = new Map<number, Outcome>();
  let line = 0;
  const stepper = venueStepper(input, (frame) => {
    const outcome = work(frame);
    lines.set(line++, outcome);
    return outcome;
  });
  for (let i = 0; i < stepper.cycleLength; i++) stepper.step();
  return { lines, outcomes: stepper.outcomes };
}

describe.each(SESSIONS)('%s session %s through both benchmarked paths', (_venue, session) => {
  const input = inputOf(session);
  const { recording } = input;

  it.each([
    ['pipeline (connector decode)', (book: OrderBook) => input.paths.pipeline(book)],
    ['baseline (JSON.parse)', (book: OrderBook) => input.paths.baseline(book)],
  ])('%s verifies every recorded checksum or id and ends with the final book', (_path, make) => {
    const book = CONTENDERS.find((c) => c.id === 'chunked')!.create();
    const { lines, outcomes } = replayOnce(input, make(book));
    const verifiedLines = [...lines].filter(([, o]) => o === VERIFIED).map(([l]) => l);
    // Exactly the lines the venue proves were checked (its checksums' checkpoints; where it sends none, every update
    // after the snapshot by its id chain), and every check passed.
    expect(outcomes[MISMATCH]).toBe(0);
    expect(verifiedLines).toEqual(provenLines(input));
    expect(outcomes[VERIFIED]! + outcomes[UNCHECKED]!).toBe(input.bookMessages);
    expect(outcomes[NOT_BOOK]).toBe(recording.frames.length - input.bookMessages);
    expect(pairs(book.levels('bid'))).toEqual(recording.finalBook.bids);
    expect(pairs(book.levels('ask'))).toEqual(recording.finalBook.asks);
  });

  it('counts the level changes the frames carry, the same on both paths', () => {
    expect(input.changes).toBeGreaterThan(input.bookMessages);
    expect(input.counts).toHaveLength(recording.frames.length);
  });

  // The timed loop wraps around: the snapshot at the start must bring every book back, whatever it held.
  it.each(CONTENDERS.map((c) => [c.id, c] as const))('loops three times on %s with every checksum or id verified, both paths', (_id, contender) => {
    for (const make of [venuePipelineStepper, venueBaselineStepper]) {
      const book = contender.create();
      const stepper = make(input, book);
      for (let i = 0; i < 3 * stepper.cycleLength; i++) stepper.step();
      stepper.check();
      expect(stepper.outcomes[VERIFIED]).toBe(3 * provenLines(input).length);
      expect(pairs(book.levels('bid'))).toEqual(recording.finalBook.bids);
    }
  });
});

describe('a smoke run cut short', () => {
  it('still opens with the snapshot, so the cut session loops with every checksum or id verified', () => {
    for (const [venue, session] of SESSIONS) {
      const input = venueInput(loadVenueRecording(venue, session, 40));
      const stepper = venuePipelineStepper(input, CONTENDERS[0]!.create());
      for (let i = 0; i < 100; i++) stepper.step();
      expect(() => stepper.check()).not.toThrow();
      expect(stepper.outcomes[MISMATCH]).toBe(0);
    }
  });

  it('check() fails a path whose checksums do not match', () => {
    const input = inputOf(SESSIONS[0]![1]);
    const stepper = venueStepper(input, () => MISMATCH);
    stepper.step();
    expect(() => stepper.check()).toThrow(/1 checksum or id-chain mismatches/);
  });
});
