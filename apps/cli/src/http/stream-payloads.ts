import { bookIds, bookTimes } from '@lob/book-stream';
import type { BookView } from '@lob/core';
import type { DepthMessage, TopOfBookMessage } from './stream-messages.js';

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
