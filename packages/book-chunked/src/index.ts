import { SortedOrderBook, type OrderBook } from '@lob/core';
import { ChunkedLevelIndex } from './chunked-level-index.js';

export { ChunkedLevelIndex } from './chunked-level-index.js';

/** An OrderBook on a sorted list of small sorted chunks (the layout of Python's SortedContainers). */
export class ChunkedOrderBook extends SortedOrderBook {
  constructor() {
    super(() => new ChunkedLevelIndex());
  }
}

/** Makes an empty chunked book. */
export function createChunkedBook(): OrderBook {
  return new ChunkedOrderBook();
}
