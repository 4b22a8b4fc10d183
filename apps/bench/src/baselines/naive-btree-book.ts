import type { Level, OrderBook } from '@lob/core';
import { BTree } from '../interop/sorted-btree.js';
import { BaselineBook, type BaselineSide } from './baseline-book.js';

/**
 * One side as a sorted-btree with default settings, keyed by parseFloat(price): the fastest ordered book we
 * found among JS clients. No cached best: every read walks to the tree's edge (minKey or maxKey).
 */
class TreeSide implements BaselineSide {
  readonly tree = new BTree<number, Level>();

  constructor(readonly sign: 1 | -1) {}

  write(key: number, level: Level, zero: boolean): void {
    if (zero) this.tree.delete(key);
    else this.tree.set(key, level);
  }

  clear(): void {
    this.tree.clear();
  }

  best(): Level | undefined {
    const key = this.sign === 1 ? this.tree.minKey() : this.tree.maxKey();
    return key === undefined ? undefined : this.tree.get(key);
  }

  top(n: number): Level[] {
    const out: Level[] = [];
    if (n <= 0) return out;
    for (const level of this.levels()) {
      out.push(level);
      if (out.length >= n) break;
    }
    return out;
  }

  *levels(): IterableIterator<Level> {
    const entries = this.sign === 1 ? this.tree.entries() : this.tree.entriesReversed();
    for (const entry of entries) yield entry[1];
  }

  size(): number {
    return this.tree.size;
  }

  quantityAt(key: number): string | undefined {
    return this.tree.get(key)?.[1];
  }
}

/** Baseline: sorted-btree keyed by parseFloat(price), best read via minKey/maxKey. */
export class NaiveBTreeBook extends BaselineBook<TreeSide> {
  constructor() {
    super(new TreeSide(-1), new TreeSide(1));
  }
}

/** Makes an empty naive sorted-btree book. */
export function createNaiveBTreeBook(): OrderBook {
  return new NaiveBTreeBook();
}
