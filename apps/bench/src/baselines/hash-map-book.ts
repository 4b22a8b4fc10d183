import type { Level, OrderBook } from '@lob/core';
import { BaselineBook, type BaselineSide } from './baseline-book.js';

/** One side as node-binance-api's depth cache keeps it: an unordered map from price to level. */
class HashSide implements BaselineSide {
  readonly map = new Map<number, Level>();

  constructor(readonly sign: 1 | -1) {}

  write(key: number, level: Level, zero: boolean): void {
    if (zero) this.map.delete(key);
    else this.map.set(key, level);
  }

  clear(): void {
    this.map.clear();
  }

  /** node-binance-api's sortBids/sortAsks: sort every key on every read, no cache. */
  sorted(): Level[] {
    const keys = [...this.map.keys()];
    keys.sort(this.sign === 1 ? (a, b) => a - b : (a, b) => b - a);
    const out: Level[] = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) out[i] = this.map.get(keys[i] as number) as Level;
    return out;
  }

  best(): Level | undefined {
    return this.sorted()[0];
  }

  top(n: number): Level[] {
    return n > 0 ? this.sorted().slice(0, n) : [];
  }

  levels(): IterableIterator<Level> {
    return this.sorted().values();
  }

  size(): number {
    return this.map.size;
  }

  quantityAt(key: number): string | undefined {
    return this.map.get(key)?.[1];
  }
}

/** Baseline: a hash map sorted on read, as node-binance-api's depth cache does. */
export class HashMapBook extends BaselineBook<HashSide> {
  constructor() {
    super(new HashSide(-1), new HashSide(1));
  }
}

/** Makes an empty hash-map book. */
export function createHashMapBook(): OrderBook {
  return new HashMapBook();
}
