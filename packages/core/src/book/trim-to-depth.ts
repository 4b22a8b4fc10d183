import type { Side } from '../types.js';
import type { OrderBook } from './order-book.js';

/**
 * Trims each side of a book to its best `depth` levels; returns how many levels were removed. For exchanges that
 * keep a window of the book but send no delete for a level pushed out of it (Kraken): without the trim the book
 * keeps stale deep levels and later checksums fail.
 */
export function trimToDepth(book: OrderBook, depth: number): number {
  return trimSide(book, 'bid', depth) + trimSide(book, 'ask', depth);
}

function trimSide(book: OrderBook, side: Side, depth: number): number {
  const excess = book.size(side) - depth;
  if (excess <= 0) return 0; // the usual case costs one size() call
  const doomed: string[] = [];
  let rank = 0;
  // Collected first, removed after: the book's iterator is not meant to survive its own mutation.
  for (const [price] of book.levels(side)) if (rank++ >= depth) doomed.push(price);
  for (const price of doomed) book.set(side, price, '0');
  return doomed.length;
}
