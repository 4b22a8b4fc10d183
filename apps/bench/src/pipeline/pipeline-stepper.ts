import { BookSync, type DepthUpdate, type OrderBook } from '@lob/core';
import { createBinanceConnector, decodeFrame, type BinanceConnector } from '@lob/connector-binance';
import type { PipelineInput } from '../workloads/pipeline-input.js';
import { blackhole } from '../measure/blackhole.js';
import type { Stepper } from '../measure/hot-loops.js';

const counted = new WeakMap<PipelineInput, Int32Array>();

/** Level changes each frame carries, counted once up front so a step only adds a number. */
export function changesPerFrame(input: PipelineInput): Int32Array {
  let out = counted.get(input);
  if (out === undefined) {
    const counts = new Int32Array(input.frames.length);
    input.frames.forEach((frame, i) => {
      const { data } = JSON.parse(frame) as { data: { b: unknown[]; a: unknown[] } };
      counts[i] = data.b.length + data.a.length;
    });
    counted.set(input, (out = counts));
  }
  return out;
}

/** Steps over the frames in a loop from `startAt`, one frame per step, doing `work` on each. */
function frameStepper(input: PipelineInput, counts: Int32Array, work: (frame: string) => void, onWrap: () => void, startAt = 0): Stepper {
  const frames = input.frames;
  const n = frames.length;
  let i = startAt;
  let changes = 0;
  return {
    step: () => {
      work(frames[i] as string);
      changes += counts[i] as number;
      if (++i === n) {
        i = 0;
        onWrap();
      }
    },
    takeChanges: () => {
      const c = changes;
      changes = 0;
      return c;
    },
    position: () => i,
    cycleLength: n,
  };
}

/** The floor: JSON.parse alone on the same frames. */
export function jsonParseStepper(input: PipelineInput): Stepper {
  return frameStepper(input, changesPerFrame(input), (frame) => (blackhole.a = JSON.parse(frame)), () => {});
}

/** The connector's decoder alone, to split the pipeline's cost between decoding and the book. */
export function decodeStepper(input: PipelineInput, connector: BinanceConnector): Stepper {
  return frameStepper(input, changesPerFrame(input), (frame) => (blackhole.a = connector.decode(frame)), () => {});
}

/** A pipeline ready to step: the production path from raw frame to book. */
export interface Pipeline {
  readonly stepper: Stepper;
  readonly sync: BookSync;
  readonly connector: BinanceConnector;
  /** Throws unless the sync is live and never resynced: a benchmark of a broken pipeline means nothing. */
  check(): void;
  close(): Promise<void>;
}

/** How the pipeline decodes: the connector's own way (the frame scanner, stepping aside to the full decoder), or the full decoder alone. */
export type PipelineDecoder = 'scanner' | 'fallback';

/**
 * raw frame → connector.decode (or the full decoder alone) → BookSync (sequence check, book.apply, crossed-book check) for one book.
 * The sync is brought live the way production does it (buffer, snapshot, bridge); when the frames wrap the
 * book is back at the snapshot, so the sync's id is put back to where the first frame continues.
 */
export async function createPipeline(input: PipelineInput, book: OrderBook, decoder: PipelineDecoder = 'scanner'): Promise<Pipeline> {
  // As lob sets it up: a book that takes levels as numbers gets them so from the scanner.
  const connector = createBinanceConnector({ market: input.market, spelledLevels: book.applySpelled !== undefined });
  const requirePrevId = input.market !== 'spot'; // as the connector decides it: futures events carry pu
  const decode = decoder === 'scanner' ? (frame: string) => connector.decode(frame) : (frame: string) => decodeFrame(frame, requirePrevId);
  const counts = changesPerFrame(input);
  const first = connector.decode(input.frames[0] as string) as DepthUpdate;
  const sync = new BookSync({
    market: input.market,
    symbol: first.symbol,
    rules: connector.rules,
    book,
    fetchSnapshot: async () => input.snapshot,
    onEvent: () => {},
  });
  sync.streamOpened();
  sync.onUpdate(first);
  for (let tries = 0; sync.state !== 'live' && tries < 1000; tries++) await new Promise((r) => setImmediate(r));
  const check = (): void => {
    const resyncs = Object.keys(sync.stats.resyncs);
    if (sync.state !== 'live' || resyncs.length > 0) throw new Error(`pipeline not live: ${sync.state} (${sync.reason}); resyncs: ${resyncs.join(', ')}`);
  };
  check();
  const stepper = frameStepper(
    input,
    counts,
    (frame) => {
      const message = decode(frame);
      if (message.type === 'depth') sync.onUpdate(message);
    },
    () => {
      sync.lastUpdateId = input.rewindId;
    },
    1, // the bridge already applied frame 0
  );
  return { stepper, sync, connector, check, close: () => connector.close() };
}
