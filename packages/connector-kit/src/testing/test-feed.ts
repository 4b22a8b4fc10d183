import { MarketFeed, type BookView, type Connector, type FeedEvent, type MarketFeedOptions, type OrderBookFactory } from '@lob/core';

/** A MarketFeed under test and every event it reported, in order. */
export interface TestFeed {
  readonly feed: MarketFeed;
  readonly events: FeedEvent[];
  /** One symbol's view (the feed must carry it). */
  book(symbol: string): BookView;
}

/**
 * Builds core's MarketFeed over a connector for a test (the caller starts it): a fast reconnect and a silence timeout generous for a busy
 * machine (these tests wait for states; a test about silence sets its own in `feed`), every event kept, and
 * `observe` called with each book's view after every snapshot taken and every update applied.
 */
export function createTestFeed(setup: {
  connector: Connector;
  symbols: readonly string[];
  createBook: OrderBookFactory;
  feed?: Partial<MarketFeedOptions>;
  observe?: (view: BookView, kind: 'snapshot' | 'update') => void;
}): TestFeed {
  const { observe } = setup;
  const events: FeedEvent[] = [];
  // The callbacks run only once the feed exists.
  const feed: MarketFeed = new MarketFeed({
    connector: setup.connector,
    symbols: setup.symbols,
    createBook: setup.createBook,
    silenceTimeoutMs: 60_000,
    reconnect: { baseMs: 10, maxMs: 50 },
    ...setup.feed,
    onEvent: (event) => {
      events.push(event);
      if (observe !== undefined && event.kind === 'snapshot' && event.outcome === 'fetched') observe(feed.book(event.symbol)!, 'snapshot');
    },
    ...(observe === undefined ? {} : { onUpdate: (view: BookView) => observe(view, 'update') }),
  });
  return { feed, events, book: (symbol) => feed.book(symbol)! };
}
