import type { OrderBook } from '@lob/core';
import type { OkxBookMessage } from './okx-messages.js';

/**
 * Applies one decoded book message: a snapshot replaces the whole book; an update sets each level it names, where
 * size "0" deletes the level and a deletion of a price the book never held changes nothing (OKX `books` sends such).
 */
export function applyOkxBookMessage(book: OrderBook, message: OkxBookMessage): void {
  if (message.kind === 'snapshot') {
    book.reset(message.bids, message.asks);
    return;
  }
  book.apply('bid', message.bids);
  book.apply('ask', message.asks);
}
