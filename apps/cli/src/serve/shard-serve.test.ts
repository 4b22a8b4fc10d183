import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@lob/core';
import { startNatsServer } from '@lob/nats-testing';
import pino from 'pino';
import type { BookView } from '@lob/core';
import { resolveSettings, type ServeSettings } from '../config/settings.js';
import { sharded, type FakeFeed } from '../feeds/fake-feed.test-support.js';
import { until } from './book-timeline.test-support.js';
import type { RunningMarket } from './market-feeds.js';
import { handOverShard, startShardLeases, type BookTracker } from './shard-serve.js';

const silent = pino({ level: 'silent' });

describe('startShardLeases', () => {
  it('says which setting is wrong when NATS cannot be reached: a ConfigError naming --publish', async () => {
    // A port nothing listens on: a server started and stopped again.
    const gone = await startNatsServer();
    await gone.stop();
    const settings = resolveSettings({ pairs: ['btcusdt'], shard: { kind: 'auto' }, publish: [gone.url] }, undefined);
    const error = await startShardLeases([], settings, silent).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).location.key).toBe('--publish');
    expect((error as ConfigError).message).toMatch(/--shard auto: cannot connect to NATS/);
  });

  it('joins the instances on a reachable NATS and hands over on the way out', async () => {
    const nats = await startNatsServer();
    try {
      const settings = resolveSettings({ pairs: ['btcusdt'], shard: { kind: 'auto' }, publish: [nats.url], shardTtlMs: 2_000 }, undefined);
      const leases = await startShardLeases([], settings, silent);
      expect(leases.leaseTiming).toEqual({ ttlMs: 2_000, checkIntervalMs: 500 });
      expect(leases.liveInstances()).toEqual([leases.instanceId]);
      await handOverShard(leases);
    } finally {
      await nats.stop();
    }
  });

  it("keeps publishing the books an instance keeps when another joins and takes some of its feed's symbols", async () => {
    const nats = await startNatsServer();
    const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT'];
    const settings = resolveSettings({ pairs: symbols, shard: { kind: 'auto' }, publish: [nats.url], shardTtlMs: 2_000 }, undefined);
    const instance = async () => {
      const { source, feeds } = sharded(symbols);
      source.start();
      const tracked = new Map<string, BookView>();
      const tracker: BookTracker = { track: (view) => void tracked.set(view.symbol, view), untrack: (_market, symbol) => void tracked.delete(symbol) };
      const running = [{ settings: { market: source.market, symbols }, feed: source } as unknown as RunningMarket];
      const leases = await startShardLeases(running, settings as ServeSettings, silent, tracker);
      return { source, feeds, tracked, leases };
    };
    // The book a symbol's running feed keeps now: what the publisher must be reading.
    const liveBook = (feeds: FakeFeed[], symbol: string) => feeds.find((f) => f.running && f.symbols.includes(symbol))?.book(symbol)?.book;
    const first = await instance();
    try {
      await until(() => first.source.symbols().length === symbols.length, () => `first holds ${first.source.symbols().join(',')}`, 20_000);
      const second = await instance();
      try {
        await until(
          () => second.source.symbols().length > 0 && first.source.symbols().length + second.source.symbols().length === symbols.length,
          () => `first holds ${first.source.symbols().join(',')}, second ${second.source.symbols().join(',')}`,
          20_000,
        );
        const kept = first.source.symbols();
        expect(kept.length).toBeGreaterThan(0);
        expect([...first.tracked.keys()].sort()).toEqual([...kept].sort());
        // The first instance's feed was restarted for the symbols it kept: what it publishes is the new feed's book.
        for (const symbol of kept) expect(first.tracked.get(symbol)?.book).toBe(liveBook(first.feeds, symbol));
      } finally {
        await handOverShard(second.leases);
      }
    } finally {
      await handOverShard(first.leases);
      await nats.stop();
    }
  });
});
