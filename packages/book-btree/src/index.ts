import { SortedOrderBook, type OrderBook } from '@lob/core';
import { BTreeLevelIndex } from './btree-level-index.js';

export { BTreeLevelIndex } from './btree-level-index.js';

/** An OrderBook on a B+tree (sorted-btree). */
export class BTreeOrderBook extends SortedOrderBook {
  constructor() {
    super(() => new BTreeLevelIndex());
  }
}

/** Makes an empty B+tree book. */
export function createBTreeBook(): OrderBook {
  return new BTreeOrderBook();
}
