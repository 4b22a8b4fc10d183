import { describe, expect, it } from '@jest/globals';
import type { BookView } from '@lob/core';
import { sharded, type FakeFeed } from './fake-feed.test-support.js';

const CONFIGURED = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT'];

describe('ShardedMarketSource', () => {
  it('holds no book until symbols are added, then a started feed for them', () => {
    const { source, feeds } = sharded(CONFIGURED);
    source.start();
    expect(source.books()).toEqual([]);
    source.add(['SOLUSDT', 'BTCUSDT']);
    expect(source.books().map((b) => b.symbol)).toEqual(['BTCUSDT', 'SOLUSDT']);
    const feed = feeds.at(-1) as FakeFeed;
    expect(feed.symbols).toEqual(['BTCUSDT', 'SOLUSDT']);
    expect(feed.running).toBe(true);
  });

  it('gives every feed the venue’s one pacer and buffer budget', () => {
    const { source, feeds } = sharded(CONFIGURED);
    source.add(['BTCUSDT']);
    source.add(['ETHUSDT']);
    const [anchor, first, second] = feeds as [FakeFeed, FakeFeed, FakeFeed];
    expect(first.connectionPacer).toBe(anchor.connectionPacer);
    expect(second.bufferBudget).toBe(anchor.bufferBudget);
  });

  it('a feed added before start() starts with the source', () => {
    const { source, feeds } = sharded(CONFIGURED);
    source.add(['ETHUSDT']);
    expect(feeds.at(-1)?.running).toBe(false);
    source.start();
    expect(feeds.at(-1)?.running).toBe(true);
  });

  it('removing a symbol stops its feed and restarts the feed’s other symbols in a new one', () => {
    const { source, feeds } = sharded(CONFIGURED);
    source.start();
    source.add(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    const before = feeds.at(-1) as FakeFeed;
    source.remove(['ETHUSDT']);
    expect(before.running).toBe(false);
    const after = feeds.at(-1) as FakeFeed;
    expect(after).not.toBe(before);
    expect(after.symbols).toEqual(['BTCUSDT', 'SOLUSDT']);
    expect(after.running).toBe(true);
    expect(source.book('ETHUSDT')).toBeUndefined();
    expect(source.symbols()).toEqual(['BTCUSDT', 'SOLUSDT']);
  });

  it('hands out one book per held symbol that follows it into the new feed, counters carried on', () => {
    const { source, feeds } = sharded(CONFIGURED);
    source.start();
    source.add(['BTCUSDT', 'ETHUSDT']);
    const btc = source.book('BTCUSDT') as BookView;
    const oldFeed = feeds.at(-1) as FakeFeed;
    (oldFeed.book('BTCUSDT')?.stats as { updatesApplied: number }).updatesApplied = 7;
    source.remove(['ETHUSDT']);
    const newFeed = feeds.at(-1) as FakeFeed;
    const newBook = newFeed.book('BTCUSDT') as BookView;
    (newBook.stats as { updatesApplied: number }).updatesApplied = 2;
    // Whoever took the book before (the publisher, a /stream client) reads the new feed's book through it.
    expect(source.book('BTCUSDT')).toBe(btc);
    expect(source.books()).toEqual([btc]);
    expect(btc.book).toBe(newBook.book);
    expect(btc.book).not.toBe(oldFeed.book('BTCUSDT')?.book);
    expect(btc.stats.updatesApplied).toBe(9);
    expect(btc.stats.snapshotsFetched).toBe(2);
  });

  it('leaves feeds without a removed symbol alone, and adds no symbol twice', () => {
    const { source, feeds } = sharded(CONFIGURED);
    source.start();
    source.add(['BTCUSDT']);
    source.add(['ETHUSDT', 'BTCUSDT']);
    const btc = feeds[1] as FakeFeed;
    expect((feeds[2] as FakeFeed).symbols).toEqual(['ETHUSDT']);
    source.remove(['ETHUSDT']);
    expect(btc.running).toBe(true);
    expect(feeds).toHaveLength(3);
    expect(source.symbols()).toEqual(['BTCUSDT']);
  });

  it('keeps the stopped feeds’ counters in the totals', () => {
    const { source, feeds } = sharded(CONFIGURED);
    source.start();
    source.add(['BTCUSDT']);
    (feeds.at(-1) as FakeFeed).frames = 40;
    source.remove(['BTCUSDT']);
    expect(source.connections()).toMatchObject({ total: 0, open: 0, frames: 40 });
  });
});
