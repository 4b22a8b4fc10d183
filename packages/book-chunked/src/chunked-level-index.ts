import type { Level, LevelIndex } from '@lob/core';

/** Most keys in one chunk; a chunk that would grow past it splits in two. */
const MAX_CHUNK = 128;
/** A chunk that shrinks below this after a deletion folds into its right neighbour when they fit together. */
const MERGE_BELOW = 32;

/** First index in `keys` (ascending) whose key is >= `key`. */
function bisect(keys: readonly number[], key: number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as number) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A LevelIndex as a sorted list of small sorted chunks (the layout of Python's SortedContainers): a binary
 * search over the chunks' largest keys, a binary search inside one chunk, and a splice of at most 128
 * unboxed doubles. Numeric keys compare inline (no comparator callback), a deletion is one splice (sorted-btree
 * deletes through its generic editRange), and the best level is always at chunk 0, index 0.
 */
export class ChunkedLevelIndex implements LevelIndex {
  private keys: number[][] = [];
  private levels: Level[][] = [];
  /** Largest key of each chunk, for the outer search. */
  private maxes: number[] = [];
  size = 0;

  /** Index of the first chunk whose largest key is >= `key` (the chunk count if none). */
  private locate(key: number): number {
    return bisect(this.maxes, key);
  }

  get(key: number): Level | undefined {
    const c = this.locate(key);
    const keys = this.keys[c];
    if (keys === undefined) return undefined;
    const i = bisect(keys, key);
    return keys[i] === key ? this.levels[c]?.[i] : undefined;
  }

  set(key: number, level: Level): void {
    const count = this.keys.length;
    if (count === 0) {
      this.keys.push([key]);
      this.levels.push([level]);
      this.maxes.push(key);
      this.size = 1;
      return;
    }
    const c = Math.min(this.locate(key), count - 1); // past the end: append to the last chunk
    const keys = this.keys[c] as number[];
    const levels = this.levels[c] as Level[];
    const i = bisect(keys, key);
    if (keys[i] === key) {
      levels[i] = level;
      return;
    }
    keys.splice(i, 0, key);
    levels.splice(i, 0, level);
    this.size++;
    if (i === keys.length - 1) this.maxes[c] = key;
    if (keys.length > MAX_CHUNK) this.split(c);
  }

  private split(c: number): void {
    const keys = this.keys[c] as number[];
    const half = keys.length >>> 1;
    const rightKeys = keys.splice(half);
    const rightLevels = (this.levels[c] as Level[]).splice(half);
    this.keys.splice(c + 1, 0, rightKeys);
    this.levels.splice(c + 1, 0, rightLevels);
    this.maxes.splice(c, 1, keys[keys.length - 1] as number, rightKeys[rightKeys.length - 1] as number);
  }

  delete(key: number): void {
    const c = this.locate(key);
    const keys = this.keys[c];
    if (keys === undefined) return;
    const i = bisect(keys, key);
    if (keys[i] !== key) return;
    keys.splice(i, 1);
    (this.levels[c] as Level[]).splice(i, 1);
    this.size--;
    if (keys.length === 0) {
      this.keys.splice(c, 1);
      this.levels.splice(c, 1);
      this.maxes.splice(c, 1);
      return;
    }
    if (i === keys.length) this.maxes[c] = keys[i - 1] as number;
    const next = this.keys[c + 1];
    // Churn would otherwise leave many tiny chunks and lengthen the outer search.
    if (keys.length < MERGE_BELOW && next !== undefined && keys.length + next.length <= MAX_CHUNK) {
      this.keys[c] = keys.concat(next);
      this.levels[c] = (this.levels[c] as Level[]).concat(this.levels[c + 1] as Level[]);
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
