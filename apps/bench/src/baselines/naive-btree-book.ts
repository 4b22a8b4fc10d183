import { isZeroQuantity, type Level, type OrderBook, type Side } from '@lob/core';
import { BTree } from '../interop/sorted-btree.js';
import { checkBatch, checkSide, floatKey } from './float-key.js';

/**
 * One side as a sorted-btree with default settings, keyed by parseFloat(price): the fastest ordered book we
 * found among JS clients. No cached best: every read walks to the tree's edge (minKey or maxKey).
 */
class TreeSide {
  readonly tree = new BTree<number, Level>();

  constructor(readonly sign: 1 | -1) {}

  write(key: number, level: Level, zero: boolean): void {
    if (zero) this.tree.delete(key);
    else this.tree.set(key, level);
  }

  applyAll(levels: readonly Level[]): void {
    const { keys, zero } = checkBatch(levels);
    for (let i = 0; i < levels.length; i++) this.write(keys[i] as number, levels[i] as Level, zero[i] === 1);
  }

  best(): Level | undefined {
    const key = this.sign === 1 ? this.tree.minKey() : this.tree.maxKey();
    return key === undefined ? undefined : this.tree.get(key);
  }

  *values(): IterableIterator<Level> {
    const entries = this.sign === 1 ? this.tree.entries() : this.tree.entriesReversed();
    for (const entry of entries) yield entry[1];
  }
}

/** Baseline: sorted-btree keyed by parseFloat(price), best read via minKey/maxKey. */
export class NaiveBTreeBook implements OrderBook {
  private readonly bids = new TreeSide(-1);
  private readonly asks = new TreeSide(1);

  private side(side: Side): TreeSide {
    checkSide(side);
    return side === 'bid' ? this.bids : this.asks;
  }

  reset(bids: readonly Level[], asks: readonly Level[]): void {
    this.clear();
    this.bids.applyAll(bids);
    this.asks.applyAll(asks);
  }

  clear(): void {
    this.bids.tree.clear();
    this.asks.tree.clear();
  }

  set(side: Side, price: string, quantity: string): void {
    const s = this.side(side);
    s.write(floatKey(price), [price, quantity], isZeroQuantity(quantity));
  }

  apply(side: Side, levels: readonly Level[]): void {
    this.side(side).applyAll(levels);
  }

  best(side: Side): Level | undefined {
    return this.side(side).best();
  }

  top(side: Side, n: number): Level[] {
    const out: Level[] = [];
    if (n <= 0) return out;
    for (const level of this.side(side).values()) {
      out.push(level);
      if (out.length >= n) break;
    }
    return out;
  }

  levels(side: Side): IterableIterator<Level> {
    return this.side(side).values();
  }

  size(side: Side): number {
    return this.side(side).tree.size;
  }

  quantityAt(side: Side, price: string): string | undefined {
    return this.side(side).tree.get(floatKey(price))?.[1];
  }
}

/** Makes an empty naive sorted-btree book. */
export function createNaiveBTreeBook(): OrderBook {
  return new NaiveBTreeBook();
}
