import { afterEach, describe, expect, it } from '@jest/globals';
import { BOOKS, expectBooksEqualTruth, expectConverged, snapshotCounts, startSimFeed, type SimFeed } from './sim-feed.test-support.js';

let running: SimFeed | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a book resumed after a reconnect, then quiet', () => {
  it('fetches no snapshot however long the symbol stays quiet, and its update id never goes down', async () => {
    running = await startSimFeed({
      market: 'spot',
      symbols: ['BTCUSDT', 'ETHUSDT'],
      createBook: BOOKS[0]![1],
      feed: { silenceTimeoutMs: 60_000, quietSnapshotDelayMs: 300 },
    });
    const s = running;
    s.sim.tick(10);
    await expectConverged(s);
    const before = snapshotCounts(s);
    const ids: number[] = [];
    const unsubscribe = setInterval(() => {
      const view = s.feed.book('BTCUSDT');
      if (view?.state === 'live') ids.push(view.lastUpdateId);
    }, 20);
    try {
      const opened = (): number => s.events.filter((e) => e.kind === 'connection' && e.state === 'open').length;
      const opensBefore = opened();
      s.sim.inject({ kind: 'disconnect' });
      const deadline = Date.now() + 20_000;
      while (opened() === opensBefore) {
        if (Date.now() > deadline) throw new Error('the stream did not come back');
        await pause(10);
      }
      // The next events continue the books, so they resume without a snapshot.
      await expectConverged(s);
      expect(s.events.some((e) => e.kind === 'book' && e.reason === 'stream resumed with no gap, no snapshot needed')).toBe(true);
      // Now nothing happens for many quiet delays: a stray snapshot would show up here.
      await pause(1_500);
      expect(snapshotCounts(s)).toEqual(before);
      expect(s.feed.books().every((v) => v.state === 'live')).toBe(true);
      expectBooksEqualTruth(s);
    } finally {
      clearInterval(unsubscribe);
    }
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  }, 60_000);
});
