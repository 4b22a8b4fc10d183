import { describe, expect, it } from '@jest/globals';
import { BufferBudget, ConnectionPacer, type BookView, type MarketFeed } from '@lob/core';
import { fakeBook } from '../fake-source.test-support.js';
import { ShardedMarketSource, type SharedFeedParts } from './sharded-market-source.js';

/** A stand-in for core's MarketFeed: its symbols' books, whether it runs, and the parts it was given. */
class FakeFeed {
  readonly exchange = 'binance';
  readonly market = 'binance-spot';
  readonly hasUpdateIds = true;
  readonly limiter = undefined;
  readonly connectionPacer: ConnectionPacer;
  readonly bufferBudget: BufferBudget;
  running = false;
  frames = 0;
  private readonly views: BookView[];

  constructor(
    readonly symbols: readonly string[],
    shared: SharedFeedParts | undefined,
  ) {
    this.connectionPacer = shared?.connectionPacer ?? new ConnectionPacer();
    this.bufferBudget = shared?.bufferBudget ?? new BufferBudget(1024);
    this.views = symbols.map((s) => fakeBook('binance-spot', s, { bids: [['1', '1']], asks: [['2', '1']] }));
  }
  start(): void {
    this.running = true;
  }
  stop(): void {
    this.running = false;
  }
  books(): BookView[] {
    return this.views;
  }
  book(symbol: string): BookView | undefined {
    return this.views.find((v) => v.symbol === symbol);
  }
  connections() {
    return { total: this.symbols.length > 0 ? 1 : 0, open: this.running ? 1 : 0, frames: this.frames, malformed: 0, reconnects: 0 };
  }
}

function sharded(configured: string[]): { source: ShardedMarketSource; feeds: FakeFeed[] } {
  const feeds: FakeFeed[] = [];
  const source = new ShardedMarketSource(configured, (symbols, shared) => {
    const feed = new FakeFeed(symbols, shared);
    feeds.push(feed);
    return feed as unknown as MarketFeed;
  });
  return { source, feeds };
}

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
