import type { BookView, ExactDepth, SyncState } from '@lob/core';

/** One level as the exchange wrote it: `[price, quantity]`, exact decimal strings. */
export type WatchedLevel = readonly [price: string, quantity: string];

/**
 * One book at one moment, frozen: nothing in it changes after it is handed out. Only a `live` book is exact; in any
 * other state (`syncing`, `resyncing`, `backing-off`, `stopped`, `invalid`, ...) `bids` and `asks` are empty, so no
 * stale level is ever mistaken for the exchange's.
 */
export interface WatchedBook {
  /** The venue's name, e.g. "binance-spot", "okx". */
  readonly venue: string;
  /** The venue's spelling of the symbol. */
  readonly symbol: string;
  readonly state: SyncState;
  /** Why the book is in its state (e.g. "gap: U=1003 after 1000"). */
  readonly reason: string;
  /** Final update id of the last applied event; only where the venue's messages carry a sequence. */
  readonly lastUpdateId?: number;
  /** The venue's checksum the book last matched; only where the venue sends checksums. */
  readonly checksum?: number;
  /** Top levels per side guaranteed to be the exchange's; `bids`/`asks` never go deeper than this. */
  readonly exactDepth: ExactDepth;
  /** Best first, at most the watch's depth. */
  readonly bids: readonly WatchedLevel[];
  readonly asks: readonly WatchedLevel[];
  /** The exchange's time of the last applied event, ms since the epoch (0 before the first). */
  readonly eventTime: number;
  /** This machine's time the last event was applied, ms since the epoch (0 before the first). */
  readonly appliedAt: number;
  /** Events applied to the book since the watch started. */
  readonly updatesApplied: number;
}

/**
 * Reads a book into a frozen view of at most `depth` levels per side, no deeper than its exact depth. Synchronous, so
 * everything in it is one state of the book.
 */
export function watchedBook(view: BookView, depth: number, hasUpdateIds: boolean): WatchedBook {
  const live = view.state === 'live';
  const exact = live ? view.exactDepth : { bids: 0, asks: 0 };
  const side = (s: 'bid' | 'ask', exactLevels: number): readonly WatchedLevel[] => {
    const n = Math.min(depth, exactLevels);
    // Copies: the book's own level tuples stay its own (freezing them would freeze the book's insides).
    const levels = n === 0 ? [] : (n === Infinity ? [...view.book.levels(s)] : view.book.top(s, n)).map(([p, q]) => Object.freeze([p, q] as const));
    return Object.freeze(levels);
  };
  return Object.freeze({
    venue: view.market,
    symbol: view.symbol,
    state: view.state,
    reason: view.reason,
    ...(hasUpdateIds && live ? { lastUpdateId: view.lastUpdateId } : {}),
    ...(view.checksum === undefined || !live ? {} : { checksum: view.checksum }),
    exactDepth: Object.freeze({ ...exact }),
    bids: side('bid', exact.bids),
    asks: side('ask', exact.asks),
    eventTime: view.stats.lastEventTime,
    appliedAt: view.stats.lastAppliedAt,
    updatesApplied: view.stats.updatesApplied,
  });
}
