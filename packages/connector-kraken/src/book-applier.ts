import { trimToDepth, type OrderBook } from '@lob/core';
import { orderBookChecksum, type PairPrecision } from './checksum.js';
import type { KrakenBookMessage } from './kraken-message.js';

/** What applying one book message found: the checksum of the book after it, and whether it is Kraken's. */
export interface ApplyOutcome {
  /** CRC32 of the book after the message and the trim. */
  readonly computed: number;
  /** True when Kraken's checksum equals `computed`, or the message carries none (a v1 snapshot). */
  readonly matched: boolean;
  /** Levels the depth trim removed. */
  readonly trimmed: number;
}

/**
 * Applies one decoded book message to `book` by Kraken's rules: a snapshot replaces the book, an update sets each
 * level (volume 0 deletes; deleting a price never held is a no-op); then both sides are trimmed to the subscribed
 * `depth` and the checksum is verified. `precision` is required for v2 (numbers drop trailing zeros) and must be
 * left out for v1. A mismatch means the book is no longer Kraken's: resync the pair. May throw core's BookError
 * when a price cannot be held, leaving that side unchanged.
 */
export function applyBookMessage(book: OrderBook, message: KrakenBookMessage, depth: number, precision?: PairPrecision): ApplyOutcome {
  if (message.kind === 'snapshot') {
    book.reset(message.bids, message.asks);
  } else {
    if (message.asks.length > 0) book.apply('ask', message.asks);
    if (message.bids.length > 0) book.apply('bid', message.bids);
  }
  const trimmed = trimToDepth(book, depth);
  const computed = orderBookChecksum(book, precision);
  return { computed, matched: message.checksum === undefined || message.checksum === computed, trimmed };
}
