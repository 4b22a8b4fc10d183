import { BufferBudget, ConnectionPacer, type BookView, type MarketFeed } from '@lob/core';
import { fakeBook } from '../fake-source.test-support.js';
import { ShardedMarketSource, type SharedFeedParts } from './sharded-market-source.js';

/** A stand-in for core's MarketFeed: its symbols' books, whether it runs, and the parts it was given. */
export class FakeFeed {
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

/** A ShardedMarketSource over fake feeds, and every feed it made (the first: its anchor, with no symbols). */
export function sharded(configured: string[]): { source: ShardedMarketSource; feeds: FakeFeed[] } {
  const feeds: FakeFeed[] = [];
  const source = new ShardedMarketSource(configured, (symbols, shared) => {
    const feed = new FakeFeed(symbols, shared);
    feeds.push(feed);
    return feed as unknown as MarketFeed;
  });
  return { source, feeds };
}

