import type { Level, LevelIndex } from '@lob/core';

// Experiment: a sorted list of small sorted chunks (SortedContainers' layout) for numeric keys.
const MAX = 128;
const MIN_MERGE = 32;

function bisect(keys: number[], key: number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class ChunkedLevelIndex implements LevelIndex {
  private keys: number[][] = [];
  private levels: Level[][] = [];
  private maxes: number[] = [];
  size = 0;

  /** First chunk whose largest key is >= key (chunks.length if none). */
  private locate(key: number): number {
    const maxes = this.maxes;
    let lo = 0;
    let hi = maxes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (maxes[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  get(key: number): Level | undefined {
    const c = this.locate(key);
    if (c === this.keys.length) return undefined;
    const keys = this.keys[c]!;
    const i = bisect(keys, key);
    return keys[i] === key ? this.levels[c]![i] : undefined;
  }

  set(key: number, level: Level): void {
    const n = this.keys.length;
    if (n === 0) {
      this.keys.push([key]);
      this.levels.push([level]);
      this.maxes.push(key);
      this.size = 1;
      return;
    }
    let c = this.locate(key);
    if (c === n) c = n - 1;
    const keys = this.keys[c]!;
    const i = bisect(keys, key);
    if (keys[i] === key) {
      this.levels[c]![i] = level;
      return;
    }
    keys.splice(i, 0, key);
    this.levels[c]!.splice(i, 0, level);
    this.size++;
    if (i === keys.length - 1) this.maxes[c] = key;
    if (keys.length > MAX) this.split(c);
  }

  private split(c: number): void {
    const keys = this.keys[c]!;
    const levels = this.levels[c]!;
    const half = keys.length >>> 1;
    const rightKeys = keys.splice(half);
    const rightLevels = levels.splice(half);
    this.keys.splice(c + 1, 0, rightKeys);
    this.levels.splice(c + 1, 0, rightLevels);
    this.maxes.splice(c, 1, keys[keys.length - 1]!, rightKeys[rightKeys.length - 1]!);
  }

  delete(key: number): void {
    const c = this.locate(key);
    if (c === this.keys.length) return;
    const keys = this.keys[c]!;
    const i = bisect(keys, key);
    if (keys[i] !== key) return;
    keys.splice(i, 1);
    this.levels[c]!.splice(i, 1);
    this.size--;
    if (keys.length === 0) {
      this.keys.splice(c, 1);
      this.levels.splice(c, 1);
      this.maxes.splice(c, 1);
      return;
    }
    if (i === keys.length) this.maxes[c] = keys[i - 1]!;
    // Keep chunks from thinning out under churn: fold a small chunk into its right neighbour.
    if (keys.length < MIN_MERGE && c + 1 < this.keys.length && keys.length + this.keys[c + 1]!.length <= MAX) {
      const next = this.keys[c + 1]!;
      this.keys[c] = keys.concat(next);
      this.levels[c] = this.levels[c]!.concat(this.levels[c + 1]!);
      this.keys.splice(c + 1, 1);
      this.levels.splice(c + 1, 1);
      this.maxes.splice(c, 1);
    }
  }

  first(): Level | undefined {
    return this.levels[0]?.[0];
  }

  take(n: number, out: Level[]): void {
    for (const chunk of this.levels) {
      for (const level of chunk) {
        if (out.length >= n) return;
        out.push(level);
      }
    }
  }

  *values(): IterableIterator<Level> {
    for (const chunk of this.levels) yield* chunk;
  }

  clear(): void {
    this.keys = [];
    this.levels = [];
    this.maxes = [];
    this.size = 0;
  }
}
