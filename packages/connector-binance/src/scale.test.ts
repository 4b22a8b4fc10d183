import { afterEach, describe, expect, it } from '@jest/globals';
import { BOOKS, expectConverged, resyncReasons, startSimFeed, waitUntilLive, type SimFeed } from './sim-feed.test-support.js';

let running: SimFeed | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('a whole market in one process', () => {
  it('holds 1 500 spot symbols: two connections, every stream subscribed, every book exact', async () => {
    const symbols = Array.from({ length: 1500 }, (_, i) => `S${String(i).padStart(4, '0')}USDT`);
    running = await startSimFeed({
      market: 'spot',
      symbols,
      createBook: BOOKS[0]![1],
      levelsPerSide: 40,
      // The real budget would take a minute and a half to snapshot 1 500 books; this test is about the process.
      sim: { weightLimitPerMinute: 1_000_000 },
      connector: { snapshotLimit: 100, weightPerMinute: 1_000_000 },
      feed: { silenceTimeoutMs: 60_000, quietSnapshotDelayMs: 2_000 },
    });
    expect(running.feed.connections().total).toBe(2);
    // No tick: every symbol is quiet, so each gets its snapshot after the quiet delay, and ticks would only slow
    // the in-process simulator down.
    await waitUntilLive(running, 60_000);
    running.sim.tick(5);
    await expectConverged(running, 60_000);
    expect(resyncReasons(running)).toEqual([]);
    expect(running.feed.connections().open).toBe(2);
    expect(running.sim.stats().snapshotRequests).toBe(1500);
  }, 120_000);
});
