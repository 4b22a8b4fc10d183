import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ReferenceOrderBook } from '../testing/reference-order-book.js';
import type { Connector, StreamListener, WeightReport } from './connector.js';
import type { StreamMessage } from './depth-update.js';
import { MarketFeed } from './market-feed.js';
import type { SnapshotGate } from './snapshot-gate.js';
import { SnapshotLimiter } from './snapshot-limiter.js';

/** A connector that is never started: only what the feed's limiter uses is real. */
function connector(probe?: (signal: AbortSignal) => Promise<WeightReport>, extra: Partial<Connector> = {}): Connector {
  const unused = () => {
    throw new Error('not used');
  };
  return {
    exchange: 'test',
    market: 'spot',
    maxSymbolsPerConnection: 10,
    rules: { classify: unused },
    hasUpdateIds: true,
    snapshots: {
      kind: 'rest',
      weightBudget: { limit: 100, windowMs: 60_000 },
      snapshotWeight: 10,
      fetchSnapshot: unused,
      ...(probe === undefined ? {} : { probeUsedWeight: probe }),
    },
    depthWindow: { kind: 'exchange-maintained' },
    normalizeSymbol: (s) => s.toUpperCase(),
    openStream: unused,
    decode: unused,
    ...extra,
  };
}

describe('MarketFeed', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it("gives the limiter it creates the connector's probe, so a figure it cannot date is checked instead of waited out", async () => {
    const probe = jest.fn((_signal: AbortSignal) => Promise.resolve<WeightReport>({ usedWeight: 2 }));
    const feed = new MarketFeed({ connector: connector(probe), symbols: ['abc'], createBook: () => new ReferenceOrderBook() });
    (feed.limiter as SnapshotLimiter).observeUsedWeight(95);
    let startedAt: number | undefined;
    const next = feed.limiter!.run(10, new AbortController().signal, () => {
      startedAt = Date.now();
      return Promise.resolve({});
    });
    await jest.advanceTimersByTimeAsync(6_000);
    await next;
    expect(probe).toHaveBeenCalledTimes(1);
    expect(startedAt).toBe(5_000);
  });

  it("paces connection attempts by the connector's connection rate", () => {
    const feed = new MarketFeed({
      connector: connector(undefined, { connectionRate: { burst: 2, intervalMs: 400 } }),
      symbols: ['abc'],
      createBook: () => new ReferenceOrderBook(),
    });
    expect([feed.connectionPacer.reserve(), feed.connectionPacer.reserve(), feed.connectionPacer.reserve()]).toEqual([0, 0, 400]);
    const binanceLike = new MarketFeed({ connector: connector(), symbols: ['abc'], createBook: () => new ReferenceOrderBook() });
    expect([1, 2, 3, 4, 5, 6].map(() => binanceLike.connectionPacer.reserve())).toEqual([0, 0, 0, 0, 0, 1_000]);
  });

  it('stamps frames and applies by its clock, and its onUpdate reads the times of the update just applied', () => {
    let listener: StreamListener | undefined;
    let t = 0;
    const decode = (frame: string): StreamMessage => {
      const [kind, id, time] = frame.split(' ').map(Number);
      t += 0.25; // decoding takes a quarter of a millisecond of the feed's clock
      const common = { symbol: 'ABC', eventTime: time as number, bids: [['1', String(id)]] as [string, string][], asks: [] };
      return kind === 0 ? { type: 'snapshot', lastUpdateId: id as number, ...common } : { type: 'depth', firstId: id as number, lastId: id as number, prevLastId: undefined, ...common };
    };
    const seen: number[][] = [];
    const feed = new MarketFeed({
      connector: connector(undefined, {
        rules: { classify: () => 'apply' },
        snapshots: { kind: 'stream' },
        openStream: (_symbols, l) => {
          listener = l;
          return { close: () => undefined };
        },
        decode,
      }),
      symbols: ['abc'],
      createBook: () => new ReferenceOrderBook(),
      onUpdate: (view) => seen.push([view.stats.lastEventTime, view.stats.lastReceivedAt, view.stats.lastAppliedAt]),
      clock: () => t,
    });
    feed.start();
    try {
      listener!.onOpen();
      t = 100;
      listener!.onFrame('0 1 90'); // the subscription's snapshot
      t = 200;
      listener!.onFrame('1 2 195');
      expect(seen).toEqual([[195, 200, 200.25]]);
    } finally {
      feed.stop();
    }
  });

  it('builds its limiter without a probe when the connector has none', async () => {
    const feed = new MarketFeed({ connector: connector(), symbols: ['abc'], createBook: () => new ReferenceOrderBook() });
    (feed.limiter as SnapshotLimiter).observeUsedWeight(95);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(feed.limiter!.stats.probes).toBe(0);
  });

  it('sends every snapshot request through the gate it is given, at the weight and priority the sync asks', async () => {
    const asked: [number, string | undefined][] = [];
    const gate: SnapshotGate = {
      stats: { requests: 0, weightUsed: 0, rateLimited: 0, pausedUntil: 0, queued: 0, inFlight: 0, probes: 0 },
      usedWeight: () => 0,
      drainEstimateMs: () => 0,
      run: (weight, _signal, task, priority) => {
        asked.push([weight, priority]);
        return task();
      },
    };
    let listener: StreamListener | undefined;
    const feed = new MarketFeed({
      connector: connector(undefined, {
        snapshots: {
          kind: 'rest',
          weightBudget: { limit: 100, windowMs: 60_000 },
          snapshotWeight: 10,
          fetchSnapshot: () => Promise.resolve({ snapshot: { lastUpdateId: 1, bids: [], asks: [] } }),
        },
        openStream: (_symbols, l) => {
          listener = l;
          return { close: () => undefined };
        },
      }),
      symbols: ['abc'],
      createBook: () => new ReferenceOrderBook(),
      limiter: gate,
      quietSnapshotDelayMs: 10,
    });
    try {
      expect(feed.limiter).toBe(gate);
      feed.start();
      await jest.advanceTimersByTimeAsync(1);
      listener!.onOpen();
      await jest.advanceTimersByTimeAsync(100);
      expect(asked).toEqual([[10, 'initial']]);
    } finally {
      feed.stop();
    }
  });
});
