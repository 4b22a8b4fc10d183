import type { OrderBook, Side } from '@lob/core';

/**
 * Trims each side of a book to its best `depth` levels. Kraken keeps a subscribed window but sends no delete for
 * a level pushed out of it (it republishes, flag "r", the level that re-enters when one inside goes), so without
 * this trim the book keeps stale deep levels and later checksums fail. Returns how many levels were removed.
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
