import type { BookView, DepthUpdate, ExactDepth } from '@lob/core';
import { bookIds, bookTimes } from './book-fields.js';
import type { DiffMessage, ResyncMessage, SnapshotMessage } from './messages.js';

/** `snapshot`: every level the book holds, at change number `seq`. */
export function snapshotMessage(view: BookView, hasUpdateIds: boolean, seq: number, now: number, origin?: string): SnapshotMessage {
  const book = view.book;
  return {
    type: 'snapshot',
    market: view.market,
    symbol: view.symbol,
    state: view.state,
    ...bookIds(view, hasUpdateIds),
    ...bookTimes(view),
    seq,
    ...(origin === undefined ? {} : { origin }),
    exactDepth: view.exactDepth,
    bids: book.top('bid', book.size('bid')),
    asks: book.top('ask', book.size('ask')),
    time: now,
  };
}

/** `diff`: one applied event as change number `seq`; built in the feed's callback, so the book is at it. */
export function diffMessage(view: BookView, hasUpdateIds: boolean, update: DepthUpdate, seq: number, origin?: string, exactDepth?: ExactDepth): DiffMessage {
  const book = view.book;
  return {
    type: 'diff',
    market: view.market,
    symbol: view.symbol,
    ...bookIds(view, hasUpdateIds),
    // Read in the feed's callback: the stats hold this event's times.
    ...bookTimes(view),
    seq,
    ...(origin === undefined ? {} : { origin }),
    firstId: update.firstId,
    lastId: update.lastId,
    ...(update.prevLastId === undefined ? {} : { prevLastId: update.prevLastId }),
    bids: update.bids,
    asks: update.asks,
    levels: { bids: book.size('bid'), asks: book.size('ask') },
    ...(exactDepth === undefined ? {} : { exactDepth }),
  };
}

/** `resync`: the book left sync (or is not in sync yet); a copy is void until the next snapshot. */
export function resyncMessage(market: string, symbol: string, state: string, reason: string, now: number, cause?: string): ResyncMessage {
  return { type: 'resync', market, symbol, state, ...(cause === undefined ? {} : { cause }), reason, time: now };
}
