import { afterEach } from '@jest/globals';
import { ReferenceOrderBook } from '../testing/reference-order-book.js';
import type { BookSnapshot, Level } from '../types.js';
import { BookSync, type BookSyncOptions } from './book-sync.js';
import type { DepthUpdate } from './depth-update.js';
import type { SequencingRules } from './sequencing-rules.js';
import type { FeedEvent } from './sync-state.js';

// Spot-shaped rules, written out here so core's state machine is tested without any connector.
export const rules: SequencingRules = {
  // Spot's bridge (U <= id+1 <= u) and chain (U <= id+1) agree once stale events (u <= id) are out.
  classify: (u, id) => (u.lastId <= id ? 'stale' : u.firstId <= id + 1 ? 'apply' : 'gap'),
};

/** A spot-shaped diff event for BTCUSDT. */
export function event(firstId: number, lastId: number, bids: Level[] = [], asks: Level[] = []): DepthUpdate {
  return { type: 'depth', symbol: 'BTCUSDT', firstId, lastId, prevLastId: undefined, eventTime: lastId, bids, asks };
}

const running: BookSync[] = [];
afterEach(() => {
  for (const sync of running.splice(0)) sync.stop();
});

/** Resolves once `condition` holds: waits for a state, not for a time (the ceiling is for a loaded machine). */
export async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** A snapshot request the test answers by hand. */
export interface PendingRequest {
  resolve: (s: BookSnapshot) => void;
  reject: (e: Error) => void;
  signal: AbortSignal;
  priority: string;
}

/** A BookSync whose snapshot requests the test answers by hand; stopped after each test. */
export function harness(overrides: Partial<BookSyncOptions> = {}) {
  const requests: PendingRequest[] = [];
  const events: FeedEvent[] = [];
  const sync = new BookSync({
    market: 'spot',
    symbol: 'BTCUSDT',
    rules,
    book: new ReferenceOrderBook(),
    fetchSnapshot: (_symbol, signal, priority) => new Promise((resolve, reject) => requests.push({ resolve, reject, signal, priority })),
    onEvent: (e) => events.push(e),
    snapshotRetry: { baseMs: 1, maxMs: 2 },
    ...overrides,
  });
  running.push(sync);
  return { sync, requests, events };
}

/** A snapshot with these levels. */
export const snapshot = (lastUpdateId: number, bids: Level[], asks: Level[]): BookSnapshot => ({ lastUpdateId, bids, asks });

