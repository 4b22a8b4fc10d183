import { createBTreeBook } from '@lob/book-btree';
import { createChunkedBook } from '@lob/book-chunked';
import { createRBTreeBook } from '@lob/book-rbtree';
import { MarketFeed, type BookView, type DepthUpdate, type FeedEvent, type OrderBookFactory, type SnapshotGate } from '@lob/core';
import type { BookKind } from '../config/markets.js';
import type { MarketSettings } from '../config/settings.js';
import { venueOf } from '../venues/registry.js';
import type { VenueConnector } from '../venues/venue.js';

/** One venue being kept: its settings, its connector and the feed running its books. */
export interface RunningMarket {
  readonly settings: MarketSettings;
  readonly connector: VenueConnector;
  readonly feed: MarketFeed;
}

/** What every feed reports to. */
export interface FeedHooks {
  readonly onEvent: (event: FeedEvent) => void;
  readonly onUpdate: (view: BookView, update: DepthUpdate) => void;
  /** Decorates each venue's connector before its feed uses it (recording, replaying). */
  readonly wrapConnector?: (connector: VenueConnector, settings: MarketSettings) => VenueConnector;
  /** The venue's snapshot gate (a worker's, asking the main thread's limiter); default: the feed makes its own. */
  readonly gateFor?: (settings: MarketSettings) => SnapshotGate;
}

/** How each book kind is made. */
export const BOOK_FACTORIES: Readonly<Record<BookKind, OrderBookFactory>> = {
  btree: createBTreeBook,
  rbtree: createRBTreeBook,
  chunked: createChunkedBook,
};

/** The endpoints a venue will use: its settings', else the venue's live ones. */
export function endpointsOf(settings: MarketSettings): { restUrl: string; wsUrl: string } {
  const live = venueOf(settings.market).endpoints;
  return { restUrl: settings.restUrl ?? live.restUrl, wsUrl: settings.wsUrl ?? live.wsUrl };
}

/**
 * Builds a connector (by the venue's registry entry) and a feed per venue, not started. Each venue gets its own
 * snapshot limiter where snapshots come over REST: spot and futures are separate hosts with separate weight budgets.
 * A connector that cannot be built closes the ones built before it.
 */
export function createMarketFeeds(markets: readonly MarketSettings[], hooks: FeedHooks): RunningMarket[] {
  const built: RunningMarket[] = [];
  try {
    for (const settings of markets) built.push(createMarketFeed(settings, hooks));
  } catch (error) {
    for (const r of built) void r.connector.close();
    throw error;
  }
  return built;
}

function createMarketFeed(settings: MarketSettings, hooks: FeedHooks): RunningMarket {
  const created = createVenueConnector(settings);
  const connector = hooks.wrapConnector?.(created, settings) ?? created;
  const limiter = hooks.gateFor?.(settings);
  const feed = new MarketFeed({
    ...(limiter === undefined ? {} : { limiter }),
    connector,
    symbols: settings.symbols,
    createBook: BOOK_FACTORIES[settings.book],
    onEvent: hooks.onEvent,
    onUpdate: hooks.onUpdate,
    ...(settings.minExactDepth === undefined ? {} : { minExactDepth: settings.minExactDepth }),
  });
  return { settings, connector, feed };
}

/** The venue's connector for these settings (by its registry entry), not opened. */
export function createVenueConnector(settings: MarketSettings): VenueConnector {
  const { restUrl, wsUrl, snapshotLimit, speed, channel, bookDepth } = settings;
  return venueOf(settings.market).createConnector({
    market: settings.market,
    ...(restUrl === undefined ? {} : { restUrl }),
    ...(wsUrl === undefined ? {} : { wsUrl }),
    ...(snapshotLimit === undefined ? {} : { snapshotLimit }),
    ...(speed === undefined ? {} : { speed }),
    ...(channel === undefined ? {} : { channel }),
    ...(bookDepth === undefined ? {} : { bookDepth }),
  });
}
