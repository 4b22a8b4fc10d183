import type { Level, LevelIndex } from '@lob/core';

// Experiment 2: like chunked-index, but each chunk is a fixed-capacity Float64Array of keys plus a
// preallocated level array, shifted with copyWithin (memmove) instead of splice (no result array per call).
const CAP = 128;
const MIN_MERGE = 32;

class Chunk {
  keys = new Float64Array(CAP);
  levels: (Level | undefined)[] = new Array(CAP).fill(undefined);
  n = 0;
}

export class Chunked2LevelIndex implements LevelIndex {
  private chunks: Chunk[] = [];
  private maxes: number[] = [];
  size = 0;

  private locate(key: number): number {
    const maxes = this.maxes;
    let lo = 0;
    let hi = maxes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((maxes[mid] as number) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private static bisect(chunk: Chunk, key: number): number {
    const keys = chunk.keys;
    let lo = 0;
    let hi = chunk.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((keys[mid] as number) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  get(key: number): Level | undefined {
    const c = this.locate(key);
    const chunk = this.chunks[c];
    if (chunk === undefined) return undefined;
    const i = Chunked2LevelIndex.bisect(chunk, key);
    return i < chunk.n && chunk.keys[i] === key ? chunk.levels[i] : undefined;
  }

  set(key: number, level: Level): void {
    const count = this.chunks.length;
    if (count === 0) {
      const chunk = new Chunk();
      chunk.keys[0] = key;
      chunk.levels[0] = level;
      chunk.n = 1;
      this.chunks.push(chunk);
      this.maxes.push(key);
      this.size = 1;
      return;
    }
    let c = this.locate(key);
    if (c === count) c = count - 1;
    const chunk = this.chunks[c] as Chunk;
    const i = Chunked2LevelIndex.bisect(chunk, key);
    if (i < chunk.n && chunk.keys[i] === key) {
      chunk.levels[i] = level;
      return;
    }
    if (chunk.n === CAP) {
      this.split(c);
      return this.set(key, level);
    }
    chunk.keys.copyWithin(i + 1, i, chunk.n);
    chunk.levels.copyWithin(i + 1, i, chunk.n);
    chunk.keys[i] = key;
    chunk.levels[i] = level;
    chunk.n++;
    this.size++;
    if (i === chunk.n - 1) this.maxes[c] = key;
  }

  private split(c: number): void {
    const left = this.chunks[c] as Chunk;
    const right = new Chunk();
    const half = left.n >>> 1;
    right.keys.set(left.keys.subarray(half, left.n));
    for (let j = half; j < left.n; j++) {
      right.levels[j - half] = left.levels[j];
      left.levels[j] = undefined;
    }
    right.n = left.n - half;
    left.n = half;
    this.chunks.splice(c + 1, 0, right);
    this.maxes.splice(c, 1, left.keys[half - 1] as number, right.keys[right.n - 1] as number);
  }

  delete(key: number): void {
    const c = this.locate(key);
    const chunk = this.chunks[c];
    if (chunk === undefined) return;
    const i = Chunked2LevelIndex.bisect(chunk, key);
    if (i >= chunk.n || chunk.keys[i] !== key) return;
    chunk.keys.copyWithin(i, i + 1, chunk.n);
    chunk.levels.copyWithin(i, i + 1, chunk.n);
    chunk.n--;
    chunk.levels[chunk.n] = undefined;
    this.size--;
    if (chunk.n === 0) {
      this.chunks.splice(c, 1);
      this.maxes.splice(c, 1);
      return;
    }
    if (i === chunk.n) this.maxes[c] = chunk.keys[i - 1] as number;
    const next = this.chunks[c + 1];
    if (chunk.n < MIN_MERGE && next !== undefined && chunk.n + next.n <= CAP) {
      chunk.keys.set(next.keys.subarray(0, next.n), chunk.n);
      for (let j = 0; j < next.n; j++) chunk.levels[chunk.n + j] = next.levels[j];
      chunk.n += next.n;
      this.chunks.splice(c + 1, 1);
      this.maxes.splice(c, 1);
    }
  }

  first(): Level | undefined {
    const chunk = this.chunks[0];
    return chunk === undefined ? undefined : chunk.levels[0];
  }

  take(n: number, out: Level[]): void {
    for (const chunk of this.chunks) {
      for (let j = 0; j < chunk.n; j++) {
        if (out.length >= n) return;
        out.push(chunk.levels[j] as Level);
      }
    }
  }

  *values(): IterableIterator<Level> {
    for (const chunk of this.chunks) for (let j = 0; j < chunk.n; j++) yield chunk.levels[j] as Level;
  }

  clear(): void {
    this.chunks = [];
    this.maxes = [];
    this.size = 0;
  }
}
