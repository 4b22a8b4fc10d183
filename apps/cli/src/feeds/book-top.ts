import type { BookView, ExactDepth, Level, SyncState } from '@lob/core';

/** A book's identity, sync status and top levels: what every per-book output starts with. */
export interface BookTop {
  readonly market: string;
  readonly symbol: string;
  readonly state: SyncState;
  readonly reason: string;
  readonly lastUpdateId: number;
  /** How many top levels per side are guaranteed to be the exchange's; deeper ones may have holes. */
  readonly exactDepth: ExactDepth;
  /** Best first, exact exchange strings. */
  readonly bids: Level[];
  readonly asks: Level[];
}

/** Reads a book's status and top `depth` levels per side; synchronous, so all of it is one state of the book. */
export function bookTop(view: BookView, depth: number): BookTop {
  const book = view.book;
  return {
    market: view.market,
    symbol: view.symbol,
    state: view.state,
    reason: view.reason,
    lastUpdateId: view.lastUpdateId,
    exactDepth: view.exactDepth,
    bids: book.top('bid', depth),
    asks: book.top('ask', depth),
  };
}
