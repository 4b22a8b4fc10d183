import type { BookView, DepthUpdate } from '@lob/core';
import { bookIds } from '../feeds/book-top.js';
import { bookTimes } from '../feeds/book-times.js';
import type { DepthMessage, DiffMessage, ResyncMessage, SnapshotMessage, TopOfBookMessage } from './stream-messages.js';

/** A message to send and what identifies its content, so an unchanged book is not sent twice. */
export interface Payload {
  readonly key: string;
  readonly text: string;
}

/** `top`: best bid and ask; the key changes with state, either best level or exactDepth (as today's stream). */
export function topPayload(view: BookView, hasUpdateIds: boolean, now: number): Payload {
  const bid = view.book.best('bid') ?? null;
  const ask = view.book.best('ask') ?? null;
  const exactDepth = view.exactDepth;
  const key = `${view.state}|${bid?.[0]}|${bid?.[1]}|${ask?.[0]}|${ask?.[1]}|${exactDepth.bids}|${exactDepth.asks}`;
  const message: TopOfBookMessage = {
    type: 'top',
    market: view.market,
    symbol: view.symbol,
    state: view.state,
    ...bookIds(view, hasUpdateIds),
    exactDepth,
    bid,
    ask,
    ...bookTimes(view),
    time: now,
  };
  return { key, text: JSON.stringify(message) };
}

/** `depth`: the top `depth` levels; the key is the levels, state and exactDepth, so only a visible change is sent. */
export function depthPayload(view: BookView, hasUpdateIds: boolean, depth: number, now: number): Payload {
  const bids = view.book.top('bid', depth);
  const asks = view.book.top('ask', depth);
  const exactDepth = view.exactDepth;
  const key = `${view.state}|${exactDepth.bids}|${exactDepth.asks}|${JSON.stringify(bids)}|${JSON.stringify(asks)}`;
  const message: DepthMessage = {
    type: 'depth',
    market: view.market,
    symbol: view.symbol,
    state: view.state,
    ...bookIds(view, hasUpdateIds),
    ...bookTimes(view),
    depth,
    exactDepth,
    bids,
    asks,
    time: now,
  };
  return { key, text: JSON.stringify(message) };
}

/** `snapshot`: every level lob holds, at change number `seq`. */
export function snapshotText(view: BookView, hasUpdateIds: boolean, seq: number, now: number): string {
  const book = view.book;
  const message: SnapshotMessage = {
    type: 'snapshot',
    market: view.market,
    symbol: view.symbol,
    state: view.state,
    ...bookIds(view, hasUpdateIds),
    ...bookTimes(view),
    seq,
    exactDepth: view.exactDepth,
    bids: book.top('bid', book.size('bid')),
    asks: book.top('ask', book.size('ask')),
    time: now,
  };
  return JSON.stringify(message);
}

/** `diff`: one applied event as change number `seq`; read synchronously in the feed's callback, so the book is at it. */
export function diffText(view: BookView, hasUpdateIds: boolean, update: DepthUpdate, seq: number): string {
  const book = view.book;
  const message: DiffMessage = {
    type: 'diff',
    market: view.market,
    symbol: view.symbol,
    ...bookIds(view, hasUpdateIds),
    // Read in the feed's callback: the stats hold this event's times.
    ...bookTimes(view),
    seq,
    firstId: update.firstId,
    lastId: update.lastId,
    ...(update.prevLastId === undefined ? {} : { prevLastId: update.prevLastId }),
    bids: update.bids,
    asks: update.asks,
    levels: { bids: book.size('bid'), asks: book.size('ask') },
  };
  return JSON.stringify(message);
}

/** `resync`: the book left sync (or is not in sync yet); the copy is void until the next snapshot. */
export function resyncText(market: string, symbol: string, state: string, reason: string, now: number, cause?: string): string {
  const message: ResyncMessage = { type: 'resync', market, symbol, state, ...(cause === undefined ? {} : { cause }), reason, time: now };
  return JSON.stringify(message);
}
