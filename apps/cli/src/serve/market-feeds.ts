import { createBTreeBook } from '@lob/book-btree';
import { createChunkedBook } from '@lob/book-chunked';
import { createRBTreeBook } from '@lob/book-rbtree';
import { BINANCE_DEFAULTS, createBinanceConnector, type BinanceConnector } from '@lob/connector-binance';
import { MarketFeed, type BookView, type DepthUpdate, type FeedEvent, type OrderBookFactory } from '@lob/core';
import type { BookKind } from '../config/markets.js';
import type { MarketSettings } from '../config/settings.js';

/** One market being kept: its settings, its connector and the feed running its books. */
export interface RunningMarket {
  readonly settings: MarketSettings;
  readonly connector: BinanceConnector;
  readonly feed: MarketFeed;
}

/** What every feed reports to. */
export interface FeedHooks {
  readonly onEvent: (event: FeedEvent) => void;
  readonly onUpdate: (view: BookView, update: DepthUpdate) => void;
}

const BOOK_FACTORIES: Readonly<Record<BookKind, OrderBookFactory>> = {
  btree: createBTreeBook,
  rbtree: createRBTreeBook,
  chunked: createChunkedBook,
};

/** The endpoints a market will use: its settings', else Binance's live ones. */
export function endpointsOf(settings: MarketSettings): { restUrl: string; wsUrl: string } {
  const live = BINANCE_DEFAULTS[settings.market];
  return { restUrl: settings.restUrl ?? live.restUrl, wsUrl: settings.wsUrl ?? live.wsUrl };
}

/** Builds a connector and a feed per market (not started). Each market gets its own snapshot limiter: spot and
 * futures are separate hosts with separate weight budgets. */
export function createMarketFeeds(markets: readonly MarketSettings[], hooks: FeedHooks): RunningMarket[] {
  return markets.map((settings) => {
    const connector = createBinanceConnector({
      market: settings.market,
      ...endpointsOf(settings),
      snapshotLimit: settings.snapshotLimit,
      ...(settings.speed === undefined ? {} : { speed: settings.speed }),
    });
    const feed = new MarketFeed({
      connector,
      symbols: settings.symbols,
      createBook: BOOK_FACTORIES[settings.book],
      onEvent: hooks.onEvent,
      onUpdate: hooks.onUpdate,
      ...(settings.minExactDepth === undefined ? {} : { minExactDepth: settings.minExactDepth }),
    });
    return { settings, connector, feed };
  });
}
