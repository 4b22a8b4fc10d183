import type { ConnectionEvent } from '@lob/core';
import { afterEach, describe, expect, it } from '@jest/globals';
import { BOOKS, expectConverged, resyncReasons, snapshotCounts, startSimFeed, type SimFeed } from './sim-feed.test-support.js';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
const createBook = BOOKS[0]![1];
let running: SimFeed | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `condition` holds, ticking the simulator meanwhile (a quiet symbol's ticks generate nothing). */
async function until(s: SimFeed, condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms; last events:\n${s.events.slice(-8).map((e) => JSON.stringify(e)).join('\n')}`);
    s.sim.tick(1);
    await pause(50);
  }
}

const closedEvents = (s: SimFeed): ConnectionEvent[] => s.events.filter((e): e is ConnectionEvent => e.kind === 'connection' && e.state === 'closed');

describe('liveness against the exchange simulator', () => {
  it.each([
    ['server pings', { sim: { pingIntervalMs: 200 }, connector: { pingIntervalMs: 0 }, heard: (s: SimFeed) => s.sim.stats().pingsSent }],
    ['pongs to our own pings (futures ping only every 3 min)', { sim: {}, connector: { pingIntervalMs: 200 }, heard: (s: SimFeed) => s.sim.stats().pingsReceived }],
  ])('keeps a quiet market on one connection with no reconnect and no snapshot beyond the first: %s', async (_name, { sim, connector, heard }) => {
    running = await startSimFeed({ market: 'spot', symbols: SYMBOLS, createBook, sim, connector, feed: { silenceTimeoutMs: 1_500 } });
    running.sim.tick(5);
    await expectConverged(running);
    const snapshots = snapshotCounts(running);
    running.sim.inject({ kind: 'quiet', durationMs: 4_500 });
    const start = heard(running);
    // 20 pings at 200 ms: three times the silence timeout without a single data frame.
    await until(running, () => heard(running!) >= start + 20, 'twenty pings', 20_000);
    expect(running.feed.connections()).toMatchObject({ open: 1, reconnects: 0 });
    expect(running.feed.books().map((b) => b.state)).toEqual(['live', 'live', 'live']);
    expect(resyncReasons(running)).toEqual([]);
    await expectConverged(running);
    expect(snapshotCounts(running)).toEqual(snapshots);
  }, 40_000);

  it('detects a zombie connection (open, but nothing arrives and our pings get no pong) and heals the books', async () => {
    running = await startSimFeed({
      market: 'spot',
      symbols: SYMBOLS,
      createBook,
      sim: { pingIntervalMs: 200 },
      connector: { pingIntervalMs: 200 },
      feed: { silenceTimeoutMs: 1_500 },
    });
    running.sim.tick(5);
    await expectConverged(running);
    const injectedAt = Date.now();
    running.sim.inject({ kind: 'zombie' });
    await until(running, () => closedEvents(running!).length > 0, 'the zombie recycled');
    const [closed] = closedEvents(running);
    expect(closed!.cause).toBe('silence');
    // silence timeout + one watchdog look (375 ms), plus room for a loaded machine.
    expect(closed!.at - injectedAt).toBeLessThan(1_500 + 375 + 2_000);
    await expectConverged(running);
    expect(running.crossedAfterApply).toBe(0);
  });

  it('does not resync any of 50 books for one garbage frame naming no symbol; it is counted and told', async () => {
    const symbols = Array.from({ length: 50 }, (_, i) => `SYM${i}USDT`);
    running = await startSimFeed({ market: 'spot', symbols, createBook, levelsPerSide: 60, connector: { snapshotLimit: 100 }, feed: { silenceTimeoutMs: 5_000 } });
    running.sim.tick(3);
    await expectConverged(running, 20_000);
    const snapshots = snapshotCounts(running);
    running.sim.inject({ kind: 'garbage', count: 1 });
    await until(running, () => running!.feed.connections().malformed === 1, 'the garbage frame seen');
    await expectConverged(running, 20_000);
    expect(resyncReasons(running)).toEqual([]);
    expect(snapshotCounts(running)).toEqual(snapshots);
    expect(running.feed.connections()).toMatchObject({ open: 1, reconnects: 0, malformed: 1 });
    expect(running.events.filter((e) => e.kind === 'frame')).toEqual([expect.objectContaining({ kind: 'frame', outcome: 'malformed', connection: 1 })]);
  }, 40_000);

  it('recycles a connection that keeps sending garbage (5 within 10 s) and heals the books', async () => {
    running = await startSimFeed({ market: 'spot', symbols: SYMBOLS, createBook });
    running.sim.tick(5);
    await expectConverged(running);
    running.sim.inject({ kind: 'garbage', count: 5 });
    await until(running, () => closedEvents(running!).length > 0, 'the connection recycled');
    expect(closedEvents(running)[0]!.cause).toBe('decode');
    await expectConverged(running);
  });

  it('paces a shutdown loop: connection attempts stay within the burst and one a second; the books heal after it', async () => {
    running = await startSimFeed({ market: 'spot', symbols: SYMBOLS, createBook, feed: { silenceTimeoutMs: 5_000 } });
    running.sim.tick(5);
    await expectConverged(running);
    const before = running.sim.stats().connections;
    const loopStart = Date.now();
    running.sim.inject({ kind: 'shutdown-loop', durationMs: 3_000 });
    // The first notice is followed by a reconnect at once (the burst has room for it).
    await until(running, () => running!.sim.stats().connections > before, 'the first reconnect', 5_000);
    const firstBackoff = running.events.find((e) => e.kind === 'connection' && e.state === 'backing-off' && e.at >= loopStart) as ConnectionEvent;
    expect(firstBackoff.delayMs).toBe(0);
    await until(running, () => Date.now() > loopStart + 3_000, 'the end of the loop');
    await expectConverged(running);
    const seconds = Math.ceil((Date.now() - loopStart) / 1_000);
    const attempts = running.sim.stats().connections - before;
    expect(attempts).toBeGreaterThanOrEqual(3);
    // 5 at once (one of them already used by the feed's first connection), then one per second.
    expect(attempts).toBeLessThanOrEqual(5 + seconds);
    expect(running.feed.connectionPacer.stats.delayed).toBeGreaterThan(0);
  });
});
