import { isZeroQuantity, type Level, type OrderBook, type Side } from '@lob/core';
import { checkBatch, checkSide, floatKey } from './float-key.js';

/** One side as node-binance-api's depth cache keeps it: an unordered map from price to level. */
class HashSide {
  readonly map = new Map<number, Level>();

  constructor(readonly sign: 1 | -1) {}

  write(key: number, level: Level, zero: boolean): void {
    if (zero) this.map.delete(key);
    else this.map.set(key, level);
  }

  applyAll(levels: readonly Level[]): void {
    const { keys, zero } = checkBatch(levels);
    for (let i = 0; i < levels.length; i++) this.write(keys[i] as number, levels[i] as Level, zero[i] === 1);
  }

  /** node-binance-api's sortBids/sortAsks: sort every key on every read, no cache. */
  sorted(): Level[] {
    const keys = [...this.map.keys()];
    keys.sort(this.sign === 1 ? (a, b) => a - b : (a, b) => b - a);
    const out: Level[] = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) out[i] = this.map.get(keys[i] as number) as Level;
    return out;
  }
}

/** Baseline: a hash map sorted on read, as node-binance-api's depth cache does. */
export class HashMapBook implements OrderBook {
  private readonly bids = new HashSide(-1);
  private readonly asks = new HashSide(1);

  private side(side: Side): HashSide {
    checkSide(side);
    return side === 'bid' ? this.bids : this.asks;
  }

  reset(bids: readonly Level[], asks: readonly Level[]): void {
    this.clear();
    this.bids.applyAll(bids);
    this.asks.applyAll(asks);
  }

  clear(): void {
    this.bids.map.clear();
    this.asks.map.clear();
  }

  set(side: Side, price: string, quantity: string): void {
    const s = this.side(side);
    s.write(floatKey(price), [price, quantity], isZeroQuantity(quantity));
  }

  apply(side: Side, levels: readonly Level[]): void {
    this.side(side).applyAll(levels);
  }

  best(side: Side): Level | undefined {
    return this.side(side).sorted()[0];
  }

  top(side: Side, n: number): Level[] {
    return n > 0 ? this.side(side).sorted().slice(0, n) : [];
  }

  levels(side: Side): IterableIterator<Level> {
    return this.side(side).sorted().values();
  }

  size(side: Side): number {
    return this.side(side).map.size;
  }

  quantityAt(side: Side, price: string): string | undefined {
    return this.side(side).map.get(floatKey(price))?.[1];
  }
}

/** Makes an empty hash-map book. */
export function createHashMapBook(): OrderBook {
  return new HashMapBook();
}
