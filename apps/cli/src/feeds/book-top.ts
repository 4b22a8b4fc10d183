import { bookIds, type BookIds } from '@lob/book-stream';
import type { BookView, ExactDepth, Level, SyncState } from '@lob/core';

/** A book's identity, sync status and top levels: what every per-book output starts with. */
export interface BookTop extends BookIds {
  readonly market: string;
  readonly symbol: string;
  readonly state: SyncState;
  readonly reason: string;
  /** How many top levels per side are guaranteed to be the exchange's; deeper ones may have holes. */
  readonly exactDepth: ExactDepth;
  /** Best first, exact exchange strings. */
  readonly bids: Level[];
  readonly asks: Level[];
}

/** Reads a book's status and top `depth` levels per side; synchronous, so all of it is one state of the book. */
export function bookTop(view: BookView, depth: number, hasUpdateIds: boolean): BookTop {
  const book = view.book;
  return {
    market: view.market,
    symbol: view.symbol,
    state: view.state,
    reason: view.reason,
    ...bookIds(view, hasUpdateIds),
    exactDepth: view.exactDepth,
    bids: book.top('bid', depth),
    asks: book.top('ask', depth),
  };
}

/** How the views name a book's state: `id N` where the venue has update ids, else `checksum N`, else nothing. */
export function idLabel(ids: BookIds): { readonly label: string; readonly value: string } | undefined {
  if (ids.lastUpdateId !== undefined) return { label: 'id', value: String(ids.lastUpdateId) };
  if (ids.checksum !== undefined) return { label: 'checksum', value: String(ids.checksum) };
  return undefined;
}
