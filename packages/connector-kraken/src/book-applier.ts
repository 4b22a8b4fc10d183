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
 * The live path's book steps in one synchronous call, without a session around them: what core's BookSync does
 * with this connector (snapshot → reset, update → set each level, volume 0 deletes; trim both sides to `depth`;
 * then the checksum `krakenRules` verifies). The feed does not call it; the benchmark (apps/bench) measures the
 * Kraken path with it. `precision` is required for v2 (numbers drop trailing zeros) and left out for v1. May throw
 * core's BookError when a price cannot be held.
 */
export function applyBookMessage(book: OrderBook, message: KrakenBookMessage, depth: number, precision?: PairPrecision): ApplyOutcome {
  if (message.kind === 'snapshot') {
    book.reset(message.bids, message.asks);
  } else {
    if (message.bids.length > 0) book.apply('bid', message.bids);
    if (message.asks.length > 0) book.apply('ask', message.asks);
  }
  const trimmed = trimToDepth(book, depth);
  const computed = orderBookChecksum(book, precision);
  return { computed, matched: message.checksum === undefined || message.checksum === computed, trimmed };
}
