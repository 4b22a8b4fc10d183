import { afterEach, describe, expect, it } from '@jest/globals';
import { BOOKS, expectConverged, snapshotCounts, startSimFeed, type SimFeed } from './sim-feed.test-support.js';

let running: SimFeed | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('a resync storm near the weight limit', () => {
  it("holds back while the exchange's minute is nearly spent and brings 40 gapped books back within seconds of its reset, with no 429", async () => {
    const symbols = Array.from({ length: 40 }, (_, i) => `SYM${i}USDT`);
    running = await startSimFeed({
      market: 'spot',
      symbols,
      createBook: BOOKS[0]![1],
      levelsPerSide: 60,
      connector: { snapshotLimit: 100 },
      // The exchange's clock is not ours: the limiter must go by the Date of its answers.
      sim: { clockOffsetMs: 7_777_777 },
    });
    running.sim.tick(5);
    await expectConverged(running, 20_000);
    const { sim } = running;
    const before = snapshotCounts(running);

    // Another program on the IP used 5 500 of 6 000, and the exchange's minute ends in 10 s.
    sim.moveClockToMinuteEnd(10_000);
    const resetAt = Date.now() + 10_000;
    sim.useWeight(5_500 - sim.stats().usedWeight);
    for (const symbol of symbols) sim.inject({ kind: 'gap', symbol });
    sim.tick(10);

    // Generous for a loaded machine: the reset plus 20 s (believing the figure for a sliding minute took ~65 s).
    await expectConverged(running, resetAt + 20_000 - Date.now());
    expect(Date.now() - resetAt).toBeLessThan(20_000);
    const after = snapshotCounts(running);
    for (const symbol of symbols) expect(after[symbol]).toBe((before[symbol] ?? 0) + 1);
    const stats = sim.stats();
    expect(stats.rateLimited429).toBe(0);
    expect(stats.banned418).toBe(0);
    expect(stats.requestsInRetryAfterWindow).toBe(0);
    // Before the reset only the requests already in flight when the first figure came back were sent.
    expect(stats.maxUsedWeightInWindow).toBeLessThanOrEqual(5_500 + 8 * 5);
  }, 60_000);
});
