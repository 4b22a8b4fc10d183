import sortedBTree from 'sorted-btree';
import type { Level, LevelIndex } from '@lob/core';

type BTreeClass = typeof sortedBTree.default;
// sorted-btree is CommonJS with `exports.default`: Node hands ESM importers the exports object, a transpiling loader (swc under jest) may hand the class.
const BTree: BTreeClass = (sortedBTree as unknown as { default?: BTreeClass }).default ?? (sortedBTree as unknown as BTreeClass);

// Leaves of 64 keep the top of a 1 000-level side in two or three nodes; the benchmark chose it over 32 and 128.
const NODE_SIZE = 64;

const compareKeys = (a: number, b: number): number => a - b;

/** A LevelIndex on sorted-btree's B+tree, keyed by the numeric price key. */
export class BTreeLevelIndex implements LevelIndex {
  private readonly tree = new BTree<number, Level>(undefined, compareKeys, NODE_SIZE);

  get size(): number {
    return this.tree.size;
  }

  get(key: number): Level | undefined {
    return this.tree.get(key);
  }

  set(key: number, level: Level): void {
    this.tree.set(key, level, true);
  }

  delete(key: number): void {
    this.tree.delete(key);
  }

  first(): Level | undefined {
    const key = this.tree.minKey();
    return key === undefined ? undefined : this.tree.get(key);
  }

  take(n: number, out: Level[]): void {
    if (n <= 0 || this.tree.size === 0) return;
    this.tree.forEachPair((_key, level) => {
      out.push(level);
      return out.length >= n ? { break: true } : undefined;
    });
  }

  values(): IterableIterator<Level> {
    return this.tree.values();
  }

  clear(): void {
    this.tree.clear();
  }
}
