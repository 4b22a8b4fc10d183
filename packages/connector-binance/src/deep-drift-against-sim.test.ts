import { afterEach, describe, expect, it } from '@jest/globals';
import { createChunkedBook } from '@lob/book-chunked';
import { resyncReasons, startSimFeed, type SimFeed } from './sim-feed.test-support.js';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];
const SNAPSHOT_LIMIT = 100;
const FLOOR = SNAPSHOT_LIMIT / 2;

let running: SimFeed | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A checkpoint: every book live at the simulator's id and no snapshot request pending. The test ticks far faster
 * than a real market moves (a burst of events in a millisecond), so it waits for a refresh it set off to land, as
 * a real market's pace would let it (generous ceiling for a loaded machine).
 */
async function caughtUp(s: SimFeed, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const settled = (): boolean =>
    s.feed.limiter!.stats.inFlight === 0 &&
    s.feed.limiter!.stats.queued === 0 &&
    s.feed.books().every((v) => v.state === 'live' && v.lastUpdateId === s.sim.lastUpdateId(v.symbol));
  while (!settled()) {
    if (Date.now() > deadline) {
      const books = s.feed.books().map((v) => `${v.symbol} ${v.state} ${v.lastUpdateId}/${s.sim.lastUpdateId(v.symbol)}`);
      throw new Error(`books did not catch up: ${books.join(', ')}\n${s.events.slice(-10).map((e) => JSON.stringify(e)).join('\n')}`);
    }
    await pause(5);
  }
}

describe('deep drift with --snapshot-limit 100 against the exchange simulator', () => {
  it('keeps at least the floor of exact levels at every checkpoint by refreshing in the background, and never leaves live', async () => {
    running = await startSimFeed({
      market: 'spot',
      symbols: SYMBOLS,
      createBook: createChunkedBook,
      levelsPerSide: 2_000,
      connector: { snapshotLimit: SNAPSHOT_LIMIT },
      // Ticked by the test: quiet between checkpoints, which is not a dead connection.
      feed: { silenceTimeoutMs: 60_000, quietSnapshotDelayMs: 200, refreshCheckEvery: 4, minRefreshIntervalMs: 0 },
    });
    const s = running;
    s.sim.tick(1);
    await caughtUp(s);
    const lowest = { bids: Infinity, asks: Infinity };
    for (let checkpoint = 0; checkpoint < 300; checkpoint++) {
      s.sim.tick(5);
      await caughtUp(s);
      for (const view of s.feed.books()) {
        const { bids, asks } = view.exactDepth;
        lowest.bids = Math.min(lowest.bids, bids);
        lowest.asks = Math.min(lowest.asks, asks);
        const truth = s.sim.book(view.symbol);
        // What the book vouches for is the exchange's, level for level.
        expect({ symbol: view.symbol, bids: view.book.top('bid', bids), asks: view.book.top('ask', asks) }).toEqual({
          symbol: view.symbol,
          bids: truth.bids.slice(0, bids),
          asks: truth.asks.slice(0, asks),
        });
      }
    }
    const refreshes = s.feed.books().reduce((n, v) => n + v.stats.refreshes, 0);
    expect(refreshes).toBeGreaterThan(0);
    expect(lowest.bids).toBeGreaterThanOrEqual(FLOOR);
    expect(lowest.asks).toBeGreaterThanOrEqual(FLOOR);
    expect(resyncReasons(s)).toEqual([]);
  }, 120_000);
});
