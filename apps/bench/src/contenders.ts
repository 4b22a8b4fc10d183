import type { OrderBookFactory } from '@lob/core';
import { createBTreeBook } from '@lob/book-btree';
import { createChunkedBook } from '@lob/book-chunked';
import { createPackedBook } from '@lob/book-packed';
import { createRBTreeBook } from '@lob/book-rbtree';
import { createHashMapBook } from './baselines/hash-map-book.js';
import { createNaiveBTreeBook } from './baselines/naive-btree-book.js';
import { createSortedArrayBook } from './baselines/sorted-array-book.js';

/** A book structure under test: one of ours or a baseline modelled on a popular client. */
export interface Contender {
  readonly id: string;
  readonly label: string;
  readonly kind: 'book' | 'baseline';
  readonly create: OrderBookFactory;
}

/** Every contender, ours first. */
export const CONTENDERS: readonly Contender[] = [
  { id: 'btree', label: '@lob/book-btree (B+tree)', kind: 'book', create: createBTreeBook },
  { id: 'rbtree', label: '@lob/book-rbtree (red-black)', kind: 'book', create: createRBTreeBook },
  { id: 'chunked', label: '@lob/book-chunked (sorted chunks)', kind: 'book', create: createChunkedBook },
  { id: 'packed', label: '@lob/book-packed (numbers, spelled on read)', kind: 'book', create: createPackedBook },
  { id: 'naive-btree', label: 'naive sorted-btree, parseFloat keys', kind: 'baseline', create: createNaiveBTreeBook },
  { id: 'sorted-array', label: 'sorted array + binary search (ccxt)', kind: 'baseline', create: createSortedArrayBook },
  { id: 'hash-map', label: 'hash map sorted on read (node-binance-api)', kind: 'baseline', create: createHashMapBook },
];

/** The contender with this id, or throws. */
export function contender(id: string): Contender {
  const found = CONTENDERS.find((c) => c.id === id);
  if (found === undefined) throw new Error(`unknown contender ${id}`);
  return found;
}
