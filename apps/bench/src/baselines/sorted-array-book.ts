import { bisect, type Level, type OrderBook } from '@lob/core';
import { BaselineBook, type BaselineSide } from './baseline-book.js';

/** One side as ccxt's OrderBookSide keeps it: parallel arrays, best first, keys negated for bids. */
class ArraySide implements BaselineSide {
  keys: number[] = [];
  ranked: Level[] = [];

  constructor(readonly sign: 1 | -1) {}

  /** ccxt's storeArray: binary search, then replace in place or splice in/out (O(n) shift). */
  write(price: number, level: Level, zero: boolean): void {
    const key = this.sign * price;
    const i = bisect(this.keys, key);
    const found = this.keys[i] === key;
    if (!zero) {
      if (found) {
        this.ranked[i] = level;
      } else {
        this.keys.splice(i, 0, key);
        this.ranked.splice(i, 0, level);
      }
    } else if (found) {
      this.keys.splice(i, 1);
      this.ranked.splice(i, 1);
    }
  }

  clear(): void {
    this.keys = [];
    this.ranked = [];
  }

  best(): Level | undefined {
    return this.ranked[0];
  }

  top(n: number): Level[] {
    return n > 0 ? this.ranked.slice(0, n) : [];
  }

  levels(): IterableIterator<Level> {
    return this.ranked.values();
  }

  size(): number {
    return this.keys.length;
  }

  quantityAt(price: number): string | undefined {
    const key = this.sign * price;
    const i = bisect(this.keys, key);
    return this.keys[i] === key ? this.ranked[i]?.[1] : undefined;
  }
}

/** Baseline: a sorted array with binary search, as ccxt's order book does. */
export class SortedArrayBook extends BaselineBook<ArraySide> {
  constructor() {
    super(new ArraySide(-1), new ArraySide(1));
  }
}

/** Makes an empty sorted-array book. */
export function createSortedArrayBook(): OrderBook {
  return new SortedArrayBook();
}
