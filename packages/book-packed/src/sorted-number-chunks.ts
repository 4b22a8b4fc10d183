import { bisect, chunkOf, insertAt, removeAt } from '@lob/core';

/**
 * Most keys in one chunk; a chunk that would grow past it splits in two. 32, not book-chunked's 64: with numbers only a
 * change's cost is the search and the shift of two double arrays, and on the recorded Binance sessions 32 keys cost
 * 8 to 10 % less per change than 64 (16 and 48 were no better).
 */
export const MAX_CHUNK = 32;
/** A chunk that shrinks below this after a deletion folds into its right neighbour when they fit together. */
export const MERGE_BELOW = 8;

/**
 * An ordered map from number to number as a sorted list of small sorted chunks (ChunkedLevelIndex's layout), each
 * chunk a keys array and a values array of unboxed doubles. Holding no object per entry is the point: writing a
 * number into a double array needs no write barrier and leaves nothing for the collector to promote or trace.
 * Absent entries read as NaN, so a value must never be NaN. Its code repeats ChunkedLevelIndex's on purpose: one
 * class over both kinds of chunk would have V8 compile its loops for double and object arrays at once, slower for
 * both (see sorted-chunk.ts in book-chunked).
 */
export class SortedNumberChunks {
  private keys: number[][] = [];
  private values: number[][] = [];
  /** Largest key of each chunk, for the outer search. */
  private maxes: number[] = [];
  /** The chunk the last lookup landed in: changes cluster near the top of the book, so the next one is likely there too. */
  private hint = 0;
  /** Number of entries. */
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

  /** The value at `key`, or NaN when there is none. */
  get(key: number): number {
    const c = this.locate(key);
    const keys = this.keys[c];
    if (keys === undefined) return NaN;
    const i = bisect(keys, key);
    return i < keys.length && keys[i] === key ? (this.values[c] as number[])[i] as number : NaN;
  }

  /** Sets the value at `key`; returns the value it replaced, or NaN when the key is new. */
  set(key: number, value: number): number {
    const count = this.keys.length;
    if (count === 0) {
      this.keys.push(chunkOf(key));
      this.values.push(chunkOf(value));
      this.maxes.push(key);
      this.size = 1;
      return NaN;
    }
    let c = this.locate(key);
    if (c === count) c = count - 1; // past the end: append to the last chunk
    const keys = this.keys[c] as number[];
    const values = this.values[c] as number[];
    const n = keys.length;
    const i = bisect(keys, key);
    if (i < n && keys[i] === key) {
      const old = values[i] as number;
      values[i] = value;
      return old;
    }
    this.size++;
    if (n === MAX_CHUNK) {
      this.insertIntoFull(c, i, key, value);
      return NaN;
    }
    insertAt(keys, i, key);
    insertAt(values, i, value);
    if (i === n) this.maxes[c] = key;
    return NaN;
  }

  /** Inserts into a full chunk by splitting it first. */
  private insertIntoFull(c: number, i: number, key: number, value: number): void {
    if (i === MAX_CHUNK && c === this.keys.length - 1) {
      // Appending past the largest key (a snapshot loads in order): a new chunk, so the full ones stay full.
      this.keys.push(chunkOf(key));
      this.values.push(chunkOf(value));
      this.maxes.push(key);
      this.hint = c + 1;
      return;
    }
    const half = MAX_CHUNK >>> 1;
    const full = this.keys[c] as number[];
    const fullValues = this.values[c] as number[];
    // Fresh halves rather than a trimmed original: a sliced array has no spare capacity, so no slack is held.
    const keys = full.slice(0, half);
    const values = fullValues.slice(0, half);
    const rightKeys = full.slice(half);
    const rightValues = fullValues.slice(half);
    this.keys[c] = keys;
    this.values[c] = values;
    this.keys.splice(c + 1, 0, rightKeys);
    this.values.splice(c + 1, 0, rightValues);
    this.maxes.splice(c, 0, keys[half - 1] as number);
    if (i <= half) {
      insertAt(keys, i, key);
      insertAt(values, i, value);
      if (i === half) this.maxes[c] = key;
    } else {
      insertAt(rightKeys, i - half, key);
      insertAt(rightValues, i - half, value);
      if (i === MAX_CHUNK) this.maxes[c + 1] = key;
    }
  }

  /** Removes the entry at `key`; returns its value, or NaN when there was none. */
  delete(key: number): number {
    const c = this.locate(key);
    const keys = this.keys[c];
    if (keys === undefined) return NaN;
    const i = bisect(keys, key);
    if (i === keys.length || keys[i] !== key) return NaN;
    this.size--;
    const values = this.values[c] as number[];
    const old = values[i] as number;
    if (keys.length === 1) {
      this.keys.splice(c, 1);
      this.values.splice(c, 1);
      this.maxes.splice(c, 1);
      return old;
    }
    removeAt(keys, i);
    removeAt(values, i);
    const n = keys.length;
    if (i === n) this.maxes[c] = keys[n - 1] as number;
    // Churn would otherwise leave many tiny chunks and lengthen the outer search.
    if (n < MERGE_BELOW) this.mergeWithNext(c);
    return old;
  }

  /** Folds chunk `c + 1` into chunk `c` when there is one and they fit in one chunk. */
  private mergeWithNext(c: number): void {
    const next = this.keys[c + 1];
    const keys = this.keys[c] as number[];
    if (next === undefined || keys.length + next.length > MAX_CHUNK) return;
    const values = this.values[c] as number[];
    const nextValues = this.values[c + 1] as number[];
    for (let j = 0; j < next.length; j++) {
      keys.push(next[j] as number);
      values.push(nextValues[j] as number);
    }
    this.keys.splice(c + 1, 1);
    this.values.splice(c + 1, 1);
    this.maxes.splice(c, 1);
  }

  /** Keeps the first `keep` entries and removes the rest, handing each removed one to `sink`, smallest first. */
  truncate(keep: number, sink: (key: number, value: number) => void): void {
    if (keep >= this.size) return;
    const keyChunks = this.keys;
    const valueChunks = this.values;
    let before = 0;
    let c = 0;
    while (before + (keyChunks[c] as number[]).length <= keep) before += (keyChunks[c++] as number[]).length;
    // Chunk c holds the first entry to go, at j.
    const j = keep - before;
    const cut = j === 0 ? c : c + 1;
    for (let d = c; d < keyChunks.length; d++) {
      const keys = keyChunks[d] as number[];
      const values = valueChunks[d] as number[];
      for (let i = d === c ? j : 0; i < keys.length; i++) sink(keys[i] as number, values[i] as number);
    }
    if (j > 0) {
      (keyChunks[c] as number[]).length = j;
      (valueChunks[c] as number[]).length = j;
      this.maxes[c] = (keyChunks[c] as number[])[j - 1] as number;
    }
    keyChunks.length = cut;
    valueChunks.length = cut;
    this.maxes.length = cut;
    this.hint = 0;
    this.size = keep;
  }

  /** The smallest key, or NaN when empty. */
  firstKey(): number {
    const chunk = this.keys[0];
    return chunk === undefined ? NaN : (chunk[0] as number);
  }

  /** The largest key, or NaN when empty. */
  lastKey(): number {
    const maxes = this.maxes;
    return maxes.length === 0 ? NaN : (maxes[maxes.length - 1] as number);
  }

  /** The value at the smallest key, or NaN when empty. */
  firstValue(): number {
    const chunk = this.values[0];
    return chunk === undefined ? NaN : (chunk[0] as number);
  }

  /**
   * How many keys are not above `key`. Counts whole chunks by their largest key and searches only the one the key
   * falls in, rather than walking every entry. Comparisons are written as "not above" so a NaN key counts every
   * entry, as a walk comparing `k > key` would.
   */
  countAtMost(key: number): number {
    const maxes = this.maxes;
    let n = 0;
    let c = 0;
    while (c < maxes.length && !((maxes[c] as number) > key)) n += (this.keys[c++] as number[]).length;
    const keys = this.keys[c];
    if (keys === undefined) return n;
    let i = 0;
    while (i < keys.length && !((keys[i] as number) > key)) i++;
    return n + i;
  }

  /** The key chunks, smallest first, for reading in order without a copy; callers must not change them. */
  keyChunks(): readonly (readonly number[])[] {
    return this.keys;
  }

  /** The value chunks, parallel to keyChunks; callers must not change them. */
  valueChunks(): readonly (readonly number[])[] {
    return this.values;
  }

  /** How many keys each chunk holds, first chunk first: for tests of the split and merge rules. */
  chunkLengths(): number[] {
    return this.keys.map((chunk) => chunk.length);
  }

  /** Removes every entry. */
  clear(): void {
    this.keys = [];
    this.values = [];
    this.maxes = [];
    this.hint = 0;
    this.size = 0;
  }
}
