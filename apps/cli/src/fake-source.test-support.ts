import { createBTreeBook } from '@lob/book-btree';
import { emptySyncStats, type BookView, type ExactDepth, type Level, type LimiterStats, type OrderBook, type SyncState, type SyncStats } from '@lob/core';
import type { ConnectionCounts, MarketSource } from './feeds/market-source.js';

/** A writable BookView over a real book, for tests. */
export interface FakeBook extends BookView {
  state: SyncState;
  reason: string;
  lastUpdateId: number;
  exactDepth: ExactDepth;
  checksum: number | undefined;
  readonly book: OrderBook;
  readonly stats: SyncStats;
}

/** A book in the given state holding these levels. */
export function fakeBook(
  market: string,
  symbol: string,
  levels: { bids: Level[]; asks: Level[]; lastUpdateId?: number; state?: SyncState; reason?: string; exactDepth?: ExactDepth; checksum?: number },
): FakeBook {
  const book = createBTreeBook();
  book.reset(levels.bids, levels.asks);
  return {
    market,
    symbol,
    state: levels.state ?? 'live',
    reason: levels.reason ?? 'snapshot bridged',
    lastUpdateId: levels.lastUpdateId ?? 1,
    exactDepth: levels.exactDepth ?? { bids: levels.bids.length, asks: levels.asks.length },
    checksum: levels.checksum,
    book,
    stats: { ...emptySyncStats(), snapshotsFetched: 1 },
  };
}

/** What kind of venue a fake source stands for: by default Binance's (update ids, REST snapshots with a limiter). */
export interface FakeVenue {
  readonly exchange?: string;
  /** False: a venue whose messages carry no sequence (Kraken); its books keep lastUpdateId 0. */
  readonly hasUpdateIds?: boolean;
  /** False: snapshots come in the stream, so there is no REST limiter. */
  readonly restSnapshots?: boolean;
}

/** A market source over fake books, with settable connection and limiter figures. */
export class FakeSource implements MarketSource {
  readonly exchange: string;
  readonly hasUpdateIds: boolean;
  connectionCounts: ConnectionCounts = { total: 1, open: 1, frames: 0, malformed: 0, reconnects: 0 };
  readonly limiter: MarketSource['limiter'];
  /** What the fake limiter answers for how long its queue takes to drain. */
  drainEstimateMs = 0;

  constructor(
    readonly market: string,
    readonly views: FakeBook[],
    venue: FakeVenue = {},
  ) {
    this.exchange = venue.exchange ?? 'binance';
    this.hasUpdateIds = venue.hasUpdateIds ?? true;
    this.limiter =
      venue.restSnapshots === false
        ? undefined
        : {
            stats: { requests: 1, weightUsed: 50, rateLimited: 0, pausedUntil: 0, queued: 0, inFlight: 0 } as LimiterStats,
            usedWeight: (): number => 50,
            drainEstimateMs: (): number => this.drainEstimateMs,
          };
  }

  books(): readonly BookView[] {
    return this.views;
  }

  book(symbol: string): BookView | undefined {
    return this.views.find((v) => v.symbol === symbol);
  }

  connections(): ConnectionCounts {
    return this.connectionCounts;
  }
}
