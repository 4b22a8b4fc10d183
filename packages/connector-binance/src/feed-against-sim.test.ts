import type { Fault, FaultKind } from '@lob/exchange-sim';
import { afterEach, describe, expect, it } from '@jest/globals';
import { BOOKS, expectConverged, resyncReasons, snapshotCounts, startSimFeed, type SimFeed } from './sim-feed.test-support.js';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
let running: SimFeed | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe.each(BOOKS)('connector + feed + %s book against the exchange simulator (spot)', (_name, createBook) => {
  it('keeps three symbols on one connection equal to the true book at every checkpoint', async () => {
    running = await startSimFeed({ market: 'spot', symbols: SYMBOLS, createBook });
    expect(running.feed.connections().total).toBe(1);
    for (let checkpoint = 0; checkpoint < 5; checkpoint++) {
      running.sim.tick(100);
      await expectConverged(running);
    }
    expect(running.crossedAfterApply).toBe(0);
    expect(resyncReasons(running)).toEqual([]);
    expect(Object.values(snapshotCounts(running))).toEqual([1, 1, 1]);
  });
});

/** Each fault, injected once into a live feed: the books must come back equal to the truth. */
const FAULTS: { fault: Fault; resyncs: boolean; check?: (s: SimFeed, before: Record<string, number>) => void }[] = [
  { fault: { kind: 'disconnect' }, resyncs: true },
  {
    fault: { kind: 'gap', symbol: 'ETHUSDT' },
    resyncs: true,
    check: (s, before) => {
      const after = snapshotCounts(s);
      expect(after.ETHUSDT).toBe((before.ETHUSDT ?? 0) + 1);
      expect(after.BTCUSDT).toBe(before.BTCUSDT);
      expect(after.SOLUSDT).toBe(before.SOLUSDT);
    },
  },
  {
    fault: { kind: 'malformed', symbol: 'BTCUSDT' },
    resyncs: true,
    check: (s, before) => {
      expect(snapshotCounts(s).ETHUSDT).toBe(before.ETHUSDT);
      expect(s.events.some((e) => e.kind === 'book' && e.cause === 'decode' && e.reason.startsWith('malformed-frame'))).toBe(true);
    },
  },
  { fault: { kind: 'silence', durationMs: 2_000 }, resyncs: true },
  { fault: { kind: 'server-shutdown', durationMs: 200 }, resyncs: true },
  {
    fault: { kind: 'resend-old', symbol: 'SOLUSDT' },
    resyncs: false,
    check: (s, before) => {
      expect(snapshotCounts(s)).toEqual(before);
      expect(s.feed.book('SOLUSDT')!.stats.staleDropped).toBeGreaterThan(0);
    },
  },
];

describe.each(BOOKS)('the %s book heals from each fault', (_name, createBook) => {
  it.each(FAULTS.map((f) => [f.fault.kind, f] as const))('%s', async (_kind, { fault, resyncs, check }) => {
    running = await startSimFeed({ market: 'spot', symbols: SYMBOLS, createBook });
    running.sim.tick(20);
    await expectConverged(running);
    const before = snapshotCounts(running);
    running.sim.inject(fault);
    running.sim.tick(30);
    await expectConverged(running);
    const resynced = running.events.filter((e) => e.kind === 'book' && (e.state === 'resyncing' || e.state === 'backing-off'));
    expect(resynced.length > 0).toBe(resyncs);
    check?.(running, before);
    expect(running.crossedAfterApply).toBe(0);
  });
});

/** Snapshot-side faults need a snapshot request to bite: a gap forces one. */
const SNAPSHOT_FAULTS: { fault: Fault; expectEvent: (s: SimFeed) => boolean }[] = [
  { fault: { kind: 'stale-snapshot', symbol: 'BTCUSDT' }, expectEvent: (s) => s.events.some((e) => e.kind === 'snapshot' && e.outcome === 'older-than-stream') },
  { fault: { kind: 'slow-snapshot', durationMs: 1_500 }, expectEvent: (s) => s.events.some((e) => e.kind === 'book' && e.state === 'resyncing') },
  { fault: { kind: 'server-error' }, expectEvent: (s) => s.events.some((e) => e.kind === 'snapshot' && e.outcome === 'failed' && e.reason.includes('server-error')) },
  { fault: { kind: 'rate-limit', durationMs: 1_000 }, expectEvent: (s) => s.events.some((e) => e.kind === 'snapshot' && e.reason.includes('rate-limited')) },
  { fault: { kind: 'ban', durationMs: 1_000 }, expectEvent: (s) => s.events.some((e) => e.kind === 'snapshot' && e.reason.includes('banned')) },
];

describe('snapshot faults during a resync', () => {
  it.each(SNAPSHOT_FAULTS.map((f) => [f.fault.kind, f] as const))('%s: the book still converges and nothing is sent inside Retry-After', async (_kind, { fault, expectEvent }) => {
    running = await startSimFeed({ market: 'spot', symbols: SYMBOLS, createBook: BOOKS[0]![1] });
    running.sim.tick(20);
    await expectConverged(running);
    running.sim.inject(fault);
    running.sim.inject({ kind: 'gap', symbol: 'BTCUSDT' });
    running.sim.tick(30);
    await expectConverged(running);
    expect(expectEvent(running)).toBe(true);
    expect(running.sim.stats().requestsInRetryAfterWindow).toBe(0);
  });
});

describe('resync storm', () => {
  it('spreads 20 simultaneous gaps through the limiter: every book converges, no 429, one snapshot per gapped symbol', async () => {
    const symbols = Array.from({ length: 20 }, (_, i) => `SYM${i}USDT`);
    running = await startSimFeed({ market: 'spot', symbols, createBook: BOOKS[0]![1], levelsPerSide: 60, connector: { snapshotLimit: 100 } });
    running.sim.tick(5);
    await expectConverged(running, 20_000);
    const before = snapshotCounts(running);
    for (const symbol of symbols) running.sim.inject({ kind: 'gap', symbol });
    running.sim.tick(10);
    await expectConverged(running, 20_000);
    const after = snapshotCounts(running);
    for (const symbol of symbols) expect(after[symbol]).toBe((before[symbol] ?? 0) + 1);
    const stats = running.sim.stats();
    expect(stats.rateLimited429).toBe(0);
    expect(stats.banned418).toBe(0);
    expect(stats.requestsInRetryAfterWindow).toBe(0);
    expect(running.feed.limiter!.stats.requests).toBe(40);
  });
});

describe.each(BOOKS)('random fault schedule with the %s book', (_name, createBook) => {
  it('converges at every checkpoint over 10 000 updates per symbol across 3 symbols', async () => {
    const kinds: FaultKind[] = ['disconnect', 'gap', 'malformed', 'stale-snapshot', 'slow-snapshot', 'server-error', 'server-shutdown', 'resend-old', 'rate-limit'];
    running = await startSimFeed({
      market: 'spot',
      symbols: SYMBOLS,
      createBook,
      // Faults every 150 ticks resync far more often than a real market would: a roomier budget keeps the test about
      // healing, not queueing (the storm test above is about the budget).
      sim: { randomFaults: { seed: 11, everyTicks: 150, kinds }, weightLimitPerMinute: 60_000 },
      connector: { weightPerMinute: 60_000 },
    });
    const faults: string[] = [];
    running.sim.onFault((f) => faults.push(f.kind));
    let checkpoints = 0;
    while (Math.min(...SYMBOLS.map((s) => running!.feed.book(s)!.stats.updatesApplied)) < 10_000) {
      running.sim.tick(250);
      await expectConverged(running, 30_000);
      checkpoints++;
    }
    expect(checkpoints).toBeGreaterThanOrEqual(20);
    expect(new Set(faults).size).toBeGreaterThanOrEqual(5);
    expect(running.crossedAfterApply).toBe(0);
    const stats = running.sim.stats();
    // No 429 but injected ones (the last may still be armed); only requests already in flight when a 429 arrived can land inside its window.
    expect(stats.rateLimited429).toBeLessThanOrEqual(stats.faultsInjected['rate-limit'] ?? 0);
    expect(stats.requestsInRetryAfterWindow).toBeLessThanOrEqual(3 * stats.rateLimited429);
    expect(stats.maxUsedWeightInWindow).toBeLessThanOrEqual(60_000);
  }, 240_000);
});

describe.each([
  ['usdm', ['BTCUSDT', 'ETHUSDT']],
  ['coinm', ['BTCUSD_PERP', 'ETHUSD_PERP']],
] as const)('%s futures against the exchange simulator', (market, symbols) => {
  it.each(BOOKS)('keeps the %s book exact through a pu gap, a resent event and a disconnect', async (_name, createBook) => {
    running = await startSimFeed({ market, symbols: [...symbols], createBook });
    running.sim.tick(50);
    await expectConverged(running);
    const before = snapshotCounts(running);
    running.sim.inject({ kind: 'gap', symbol: symbols[0] });
    running.sim.tick(20);
    await expectConverged(running);
    expect(snapshotCounts(running)[symbols[0]]).toBe((before[symbols[0]] ?? 0) + 1);
    expect(snapshotCounts(running)[symbols[1]]).toBe(before[symbols[1]]);
    expect(running.feed.book(symbols[0])!.stats.resyncs.gap).toBe(1);
    running.sim.inject({ kind: 'resend-old', symbol: symbols[1] });
    running.sim.inject({ kind: 'disconnect' });
    running.sim.tick(20);
    await expectConverged(running);
    expect(running.crossedAfterApply).toBe(0);
  });
});

describe('connection lifetime', () => {
  it('renews a connection before its age limit and resumes every book without a snapshot when nothing was missed', async () => {
    running = await startSimFeed({ market: 'spot', symbols: SYMBOLS, createBook: BOOKS[0]![1], feed: { maxConnectionAgeMs: 300 } });
    running.sim.tick(10);
    await expectConverged(running);
    const before = snapshotCounts(running);
    await new Promise((r) => setTimeout(r, 600));
    running.sim.tick(10);
    await expectConverged(running);
    expect(running.events.some((e) => e.kind === 'connection' && e.reason.startsWith('max-age'))).toBe(true);
    expect(snapshotCounts(running)).toEqual(before);
    expect(running.events.some((e) => e.kind === 'book' && e.reason.startsWith('stream resumed'))).toBe(true);
  });

  it("answers the server's pings, so a quiet connection is never dropped", async () => {
    running = await startSimFeed({ market: 'spot', symbols: SYMBOLS, createBook: BOOKS[0]![1], sim: { pingIntervalMs: 40 }, feed: { silenceTimeoutMs: 60_000 } });
    running.sim.tick(5);
    await expectConverged(running);
    await new Promise((r) => setTimeout(r, 500));
    expect(running.feed.connections()).toMatchObject({ open: 1, reconnects: 0 });
    running.sim.tick(5);
    await expectConverged(running);
  });
});

describe('a consumer that throws', () => {
  it('does not crash the process: the symbol resyncs and heals', async () => {
    let throwOnce = true;
    running = await startSimFeed({
      market: 'spot',
      symbols: SYMBOLS,
      createBook: BOOKS[0]![1],
      feed: {
        onUpdate: (view) => {
          if (throwOnce && view.symbol === 'ETHUSDT') {
            throwOnce = false;
            throw new Error('consumer bug');
          }
        },
      },
    });
    running.sim.tick(20);
    await expectConverged(running);
    running.sim.tick(20);
    await expectConverged(running);
    expect(throwOnce).toBe(false);
    expect(running.events.some((e) => e.kind === 'book' && e.symbol === 'ETHUSDT' && e.cause === 'consumer' && e.reason.includes('consumer bug'))).toBe(true);
  });
});

describe('cancellation', () => {
  it('stops every book, socket and timer when its AbortSignal is aborted', async () => {
    const controller = new AbortController();
    running = await startSimFeed({ market: 'spot', symbols: SYMBOLS, createBook: BOOKS[0]![1], feed: { signal: controller.signal } });
    running.sim.tick(10);
    await expectConverged(running);
    controller.abort();
    expect(running.feed.books().map((v) => v.state)).toEqual(['stopped', 'stopped', 'stopped']);
    expect(running.feed.connections().open).toBe(0);
    const applied = running.feed.books().map((v) => v.stats.updatesApplied);
    running.sim.tick(10);
    await new Promise((r) => setTimeout(r, 100));
    expect(running.feed.books().map((v) => v.stats.updatesApplied)).toEqual(applied);
    expect(running.events.some((e) => e.kind === 'connection' && e.state === 'connecting' && e.at > Date.now() - 100)).toBe(false);
  });
});
