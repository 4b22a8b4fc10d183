import { createBTreeBook } from '@lob/book-btree';
import { createChunkedBook } from '@lob/book-chunked';
import { createPackedBook } from '@lob/book-packed';
import { createRBTreeBook } from '@lob/book-rbtree';
import { MarketFeed, type BookView, type DepthUpdate, type FeedEvent, type OrderBookFactory, type SnapshotGate } from '@lob/core';
import type { BookKind } from '../config/markets.js';
import type { MarketSettings } from '../config/settings.js';
import { ShardedMarketSource, type SharedFeedParts } from '../feeds/sharded-market-source.js';
import { venueOf } from '../venues/registry.js';
import type { VenueConnector } from '../venues/venue.js';

/** One venue being kept: its settings, its connector and the feed running its books (feeds, with `--shard auto`). */
export interface RunningMarket {
  readonly settings: MarketSettings;
  readonly connector: VenueConnector;
  readonly feed: MarketFeed | ShardedMarketSource;
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
  packed: createPackedBook,
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
export function createMarketFeeds(markets: readonly MarketSettings[], hooks: FeedHooks, options: { readonly sharded?: boolean } = {}): RunningMarket[] {
  const built: RunningMarket[] = [];
  try {
    for (const settings of markets) built.push(createMarketFeed(settings, hooks, options.sharded === true));
  } catch (error) {
    for (const r of built) void r.connector.close();
    throw error;
  }
  return built;
}

/**
 * A venue's connector and its feed; `sharded`: a ShardedMarketSource holding no symbol yet, to which the shard
 * leases add symbols (each batch a feed over the one connector, sharing the venue's limiter, pacer and budget).
 */
function createMarketFeed(settings: MarketSettings, hooks: FeedHooks, sharded: boolean): RunningMarket {
  const created = createVenueConnector(settings);
  const connector = hooks.wrapConnector?.(created, settings) ?? created;
  const gate = hooks.gateFor?.(settings);
  const feedOf = (symbols: readonly string[], shared: SharedFeedParts | undefined): MarketFeed =>
    new MarketFeed({
      connector,
      symbols,
      createBook: BOOK_FACTORIES[settings.book],
      onEvent: hooks.onEvent,
      onUpdate: hooks.onUpdate,
      ...(settings.minExactDepth === undefined ? {} : { minExactDepth: settings.minExactDepth }),
      ...(shared === undefined ? {} : { connectionPacer: shared.connectionPacer, bufferBudget: shared.bufferBudget }),
      ...(shared?.limiter === undefined ? (gate === undefined ? {} : { limiter: gate }) : { limiter: shared.limiter }),
    });
  const feed = sharded ? new ShardedMarketSource(settings.symbols, feedOf) : feedOf(settings.symbols, undefined);
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
    // A book that takes levels as numbers spares the decoder making strings nobody reads.
    spelledLevels: BOOK_FACTORIES[settings.book]().applySpelled !== undefined,
  });
}
