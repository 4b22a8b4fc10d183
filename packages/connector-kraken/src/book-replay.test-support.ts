import { trimToDepth, type OrderBook, type SequencingRules, type StreamMessage } from '@lob/core';

/** What applying one decoded message found. */
export interface Applied {
  /** The connector's rules passed the book after the message (and the trim). */
  readonly matched: boolean;
  /** Levels the depth trim removed. */
  readonly trimmed: number;
}

/**
 * Applies one decoded snapshot or update as core's BookSync does (reset or set levels, trim to `depth`, then the
 * connector's `verify`), without the session around it: for replays that look at every message synchronously.
 * Returns undefined for anything that is not book data.
 */
export function applyMessage(book: OrderBook, message: StreamMessage, depth: number, rules: SequencingRules): Applied | undefined {
  if (message.type === 'snapshot') book.reset(message.bids, message.asks);
  else if (message.type === 'depth') {
    book.apply('bid', message.bids);
    book.apply('ask', message.asks);
  } else return undefined;
  const trimmed = trimToDepth(book, depth);
  return { matched: rules.verify?.(book, message) ?? true, trimmed };
}
