import { isZeroQuantity, type Level, type OrderBook, type Side } from '@lob/core';
import { checkBatch, checkSide, floatKey } from './float-key.js';

/** First index whose key is >= `key` (keys ascending). */
function bisectLeft(keys: readonly number[], key: number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as number) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One side as ccxt's OrderBookSide keeps it: parallel arrays, best first, keys negated for bids. */
class ArraySide {
  keys: number[] = [];
  levels: Level[] = [];

  constructor(readonly sign: 1 | -1) {}

  /** ccxt's storeArray: binary search, then replace in place or splice in/out (O(n) shift). */
  write(key: number, level: Level, zero: boolean): void {
    const i = bisectLeft(this.keys, key);
    const found = this.keys[i] === key;
    if (!zero) {
      if (found) {
        this.levels[i] = level;
      } else {
        this.keys.splice(i, 0, key);
        this.levels.splice(i, 0, level);
      }
    } else if (found) {
      this.keys.splice(i, 1);
      this.levels.splice(i, 1);
    }
  }

  applyAll(levels: readonly Level[]): void {
    const { keys, zero } = checkBatch(levels);
    const sign = this.sign;
    for (let i = 0; i < levels.length; i++) this.write(sign * (keys[i] as number), levels[i] as Level, zero[i] === 1);
  }

  clear(): void {
    this.keys = [];
    this.levels = [];
  }
}

/** Baseline: a sorted array with binary search, as ccxt's order book does. */
export class SortedArrayBook implements OrderBook {
  private readonly bids = new ArraySide(-1);
  private readonly asks = new ArraySide(1);

  private side(side: Side): ArraySide {
    checkSide(side);
    return side === 'bid' ? this.bids : this.asks;
  }

  reset(bids: readonly Level[], asks: readonly Level[]): void {
    this.clear();
    this.bids.applyAll(bids);
    this.asks.applyAll(asks);
  }

  clear(): void {
    this.bids.clear();
    this.asks.clear();
  }

  set(side: Side, price: string, quantity: string): void {
    const s = this.side(side);
    const key = s.sign * floatKey(price);
    s.write(key, [price, quantity], isZeroQuantity(quantity));
  }

  apply(side: Side, levels: readonly Level[]): void {
    this.side(side).applyAll(levels);
  }

  best(side: Side): Level | undefined {
    return this.side(side).levels[0];
  }

  top(side: Side, n: number): Level[] {
    return n > 0 ? this.side(side).levels.slice(0, n) : [];
  }

  levels(side: Side): IterableIterator<Level> {
    return this.side(side).levels.values();
  }

  size(side: Side): number {
    return this.side(side).keys.length;
  }

  quantityAt(side: Side, price: string): string | undefined {
    const s = this.side(side);
    const key = s.sign * floatKey(price);
    const i = bisectLeft(s.keys, key);
    return s.keys[i] === key ? s.levels[i]?.[1] : undefined;
  }
}

/** Makes an empty sorted-array book. */
export function createSortedArrayBook(): OrderBook {
  return new SortedArrayBook();
}
