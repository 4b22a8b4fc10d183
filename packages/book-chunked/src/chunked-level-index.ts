import { bisect, insertAt, removeAt, type Level, type LevelIndex } from '@lob/core';
import { insertLevel, removeLevel } from './sorted-chunk.js';

/**
 * Most keys in one chunk; a chunk that would grow past it splits in two. Small, because most of a change's cost is
 * moving the tail of its chunk by one place: the outer search is cheap, and usually skipped (see `hint`).
 */
export const MAX_CHUNK = 64;
/** A chunk that shrinks below this after a deletion folds into its right neighbour when they fit together. */
export const MERGE_BELOW = 16;

/**
 * A LevelIndex as a sorted list of small sorted chunks (the layout of Python's SortedContainers): a binary
 * search over the chunks' largest keys, a binary search inside one chunk, and a shift of at most MAX_CHUNK
 * unboxed doubles and as many pointers. Numeric keys compare inline (no comparator callback), and the best level
 * is always at chunk 0, index 0.
 */
export class ChunkedLevelIndex implements LevelIndex {
  private keys: number[][] = [];
  private levels: Level[][] = [];
  /** Largest key of each chunk, for the outer search. */
  private maxes: number[] = [];
  /** The chunk the last lookup landed in: changes cluster near the top of the book, so the next one is likely there too. */
  private hint = 0;
  size = 0;

  /** Index of the first chunk whose largest key is >= `key` (the chunk count if none). */
  private locate(key: number): number {
    const maxes = this.maxes;
    const h = this.hint;
    if (h < maxes.length && key <= (maxes[h] as number) && (h === 0 || key > (maxes[h - 1] as number))) return h;
    const c = bisect(maxes, key);
    this.hint = c;
    return c;
  }

  get(key: number): Level | undefined {
    const c = this.locate(key);
    const keys = this.keys[c];
    if (keys === undefined) return undefined;
    const i = bisect(keys, key);
    return i < keys.length && keys[i] === key ? this.levels[c]?.[i] : undefined;
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
    let c = this.locate(key);
    if (c === count) c = count - 1; // past the end: append to the last chunk
    const keys = this.keys[c] as number[];
    const levels = this.levels[c] as Level[];
    const n = keys.length;
    const i = bisect(keys, key);
    if (i < n && keys[i] === key) {
      levels[i] = level;
      return;
    }
    this.size++;
    if (n === MAX_CHUNK) {
      this.insertIntoFull(c, i, key, level);
      return;
    }
    insertAt(keys, i, key);
    insertLevel(levels, i, level);
    if (i === n) this.maxes[c] = key;
  }

  /** Inserts into a full chunk by splitting it first. */
  private insertIntoFull(c: number, i: number, key: number, level: Level): void {
    if (i === MAX_CHUNK && c === this.keys.length - 1) {
      // Appending past the largest key (a snapshot loads in order): a new chunk, so the full ones stay full.
      this.keys.push([key]);
      this.levels.push([level]);
      this.maxes.push(key);
      this.hint = c + 1;
      return;
    }
    const half = MAX_CHUNK >>> 1;
    const full = this.keys[c] as number[];
    const fullLevels = this.levels[c] as Level[];
    // Fresh halves rather than a trimmed original: a sliced array has no spare capacity, and growing it back to
    // MAX_CHUNK by pushes lands on exactly MAX_CHUNK slots (V8 grows 32 slots to 32 + 16 + 16), so no slack is held.
    const keys = full.slice(0, half);
    const levels = fullLevels.slice(0, half);
    const rightKeys = full.slice(half);
    const rightLevels = fullLevels.slice(half);
    this.keys[c] = keys;
    this.levels[c] = levels;
    this.keys.splice(c + 1, 0, rightKeys);
    this.levels.splice(c + 1, 0, rightLevels);
    this.maxes.splice(c, 0, keys[half - 1] as number);
    if (i <= half) {
      insertAt(keys, i, key);
      insertLevel(levels, i, level);
      if (i === half) this.maxes[c] = key;
    } else {
      insertAt(rightKeys, i - half, key);
      insertLevel(rightLevels, i - half, level);
      if (i === MAX_CHUNK) this.maxes[c + 1] = key;
    }
  }

  delete(key: number): void {
    const c = this.locate(key);
    const keys = this.keys[c];
    if (keys === undefined) return;
    const i = bisect(keys, key);
    if (i === keys.length || keys[i] !== key) return;
    this.size--;
    if (keys.length === 1) {
      this.keys.splice(c, 1);
      this.levels.splice(c, 1);
      this.maxes.splice(c, 1);
      return;
    }
    const levels = this.levels[c] as Level[];
    removeAt(keys, i);
    removeLevel(levels, i);
    const n = keys.length;
    if (i === n) this.maxes[c] = keys[n - 1] as number;
    // Churn would otherwise leave many tiny chunks and lengthen the outer search.
    if (n < MERGE_BELOW) this.mergeWithNext(c);
  }

  /** Folds chunk `c + 1` into chunk `c` when there is one and they fit in one chunk. */
  private mergeWithNext(c: number): void {
    const next = this.keys[c + 1];
    const keys = this.keys[c] as number[];
    if (next === undefined || keys.length + next.length > MAX_CHUNK) return;
    const levels = this.levels[c] as Level[];
    const nextLevels = this.levels[c + 1] as Level[];
    for (let j = 0; j < next.length; j++) {
      keys.push(next[j] as number);
      levels.push(nextLevels[j] as Level);
    }
    this.keys.splice(c + 1, 1);
    this.levels.splice(c + 1, 1);
    this.maxes.splice(c, 1);
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

  /** How many keys each chunk holds, first chunk first: for tests of the split and merge rules. */
  chunkLengths(): number[] {
    return this.keys.map((chunk) => chunk.length);
  }

  clear(): void {
    this.keys = [];
    this.levels = [];
    this.maxes = [];
    this.hint = 0;
    this.size = 0;
  }
}
