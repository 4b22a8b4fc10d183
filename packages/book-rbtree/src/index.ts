import { SortedOrderBook, type OrderBook } from '@lob/core';
import { RBTreeLevelIndex } from './rbtree-level-index.js';

export { RBTreeLevelIndex } from './rbtree-level-index.js';

/** An OrderBook on a red-black tree (bintrees). */
export class RBTreeOrderBook extends SortedOrderBook {
  constructor() {
    super(() => new RBTreeLevelIndex());
  }
}

/** Makes an empty red-black tree book. */
export function createRBTreeBook(): OrderBook {
  return new RBTreeOrderBook();
}
