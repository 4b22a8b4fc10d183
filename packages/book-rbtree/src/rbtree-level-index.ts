import bintrees from 'bintrees';
import type { Level, LevelIndex } from '@lob/core';

/** A tree node: the key the tree orders by and the level it carries (replaced in place on update). */
interface Entry {
  key: number;
  level: Level;
}

const compareEntries = (a: Entry, b: Entry): number => a.key - b.key;

/** A LevelIndex on bintrees' red-black tree, keyed by the numeric price key. */
export class RBTreeLevelIndex implements LevelIndex {
  private readonly tree = new bintrees.RBTree<Entry>(compareEntries);
  // One reusable probe, so lookups allocate nothing.
  private readonly probe: Entry = { key: 0, level: ['', ''] };

  get size(): number {
    return this.tree.size;
  }

  get(key: number): Level | undefined {
    this.probe.key = key;
    return this.tree.find(this.probe)?.level;
  }

  set(key: number, level: Level): void {
    this.probe.key = key;
    const found = this.tree.find(this.probe);
    if (found !== null) found.level = level;
    else this.tree.insert({ key, level });
  }

  delete(key: number): void {
    this.probe.key = key;
    this.tree.remove(this.probe);
  }

  first(): Level | undefined {
    return this.tree.min()?.level;
  }

  take(n: number, out: Level[]): void {
    const it = this.tree.iterator();
    for (let e = it.next(); e !== null && out.length < n; e = it.next()) out.push(e.level);
  }

  *values(): IterableIterator<Level> {
    const it = this.tree.iterator();
    for (let e = it.next(); e !== null; e = it.next()) yield e.level;
  }

  clear(): void {
    this.tree.clear();
  }
}
