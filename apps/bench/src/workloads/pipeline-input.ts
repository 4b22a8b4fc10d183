import type { BookSnapshot, DepthUpdate } from '@lob/core';
import { socketFrames } from './socket-frames.js';
import type { BookEvent } from './book-event.js';
import type { ReplayCycle } from './cycle.js';
import type { RecordedSession } from './recorded-session.js';

/** What the whole-pipeline benchmark replays: raw frame strings that loop back to the snapshot's book. */
export interface PipelineInput {
  readonly market: RecordedSession['market'];
  readonly snapshot: BookSnapshot;
  /** The recorded frames from the bridge on, then frames carrying the cycle's inverse events. */
  readonly frames: readonly string[];
  /** Level changes carried by `frames`. */
  readonly changes: number;
  /**
   * The update id to put the sync back to when the frames wrap around: the first recorded frame continues
   * from it (spot: U - 1, futures: pu), and the book is then exactly the snapshot's again.
   */
  readonly rewindId: number;
}

/** One inverse event as a Binance combined-stream frame, in the key order Binance writes. */
function inverseFrame(stream: string, market: string, symbol: string, ids: { U: number; u: number; pu: number; E: number }, event: BookEvent): string {
  const data =
    market === 'spot'
      ? { e: 'depthUpdate', E: ids.E, s: symbol, U: ids.U, u: ids.u, b: event.bids, a: event.asks }
      : { e: 'depthUpdate', E: ids.E, T: ids.E - 1, s: symbol, U: ids.U, u: ids.u, pu: ids.pu, b: event.bids, a: event.asks };
  return JSON.stringify({ stream, data });
}

/** Builds the looping frame list for a recorded session from its replay cycle. */
export function pipelineInput(session: RecordedSession, cycle: ReplayCycle): PipelineInput {
  const recorded = session.frames.slice(session.bridgeIndex);
  const first = session.updates[session.bridgeIndex] as DepthUpdate;
  const last = session.updates[session.updates.length - 1] as DepthUpdate;
  const stream = (JSON.parse(recorded[0] as string) as { stream: string }).stream;
  const frames = [...recorded];
  // Inverse frames continue the id chain, so the real sequencing rules accept them.
  let prev = last.lastId;
  let time = last.eventTime;
  for (const event of cycle.events.slice(cycle.forwardCount)) {
    const U = prev + 1;
    const u = U + Math.max(event.changes, 1) - 1;
    time += 100;
    frames.push(inverseFrame(stream, session.market, session.symbol, { U, u, pu: prev, E: time }, event));
    prev = u;
  }
  const rewindId = session.market === 'spot' ? first.firstId - 1 : (first.prevLastId as number);
  return { market: session.market, snapshot: session.snapshot, frames: socketFrames(frames), changes: cycle.changes, rewindId };
}
