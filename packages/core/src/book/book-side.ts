import type { Level } from '../types.js';
import { isZeroQuantity, priceKey } from './price-key.js';
import type { LevelIndex } from './level-index.js';

// Scratch space for validating a batch before touching the tree; shared because the hot path is single-threaded.
let scratchKeys = new Float64Array(256);
let scratchZero = new Uint8Array(256);

/** One side of a SortedOrderBook: the index plus a cached best level, so best() after each event is O(1). */
export class BookSide {
  private bestKey = Infinity;
  private bestLevel: Level | undefined = undefined;
  private bestStale = false;
  /** Levels whose key is at most fenceKey are counted in `fenced` on every write; -Infinity: no fence. */
  private fenceKey = -Infinity;
  private fenced = 0;

  /** `sign` is -1 for bids (keys are negated prices) and 1 for asks. */
  constructor(
    readonly index: LevelIndex,
    private readonly sign: 1 | -1,
  ) {}

  /** Key of a price on this side, or throws BookError. */
  keyOf(price: string): number {
    return this.sign * priceKey(price);
  }

  /** Writes a level whose key and zero-ness are already known. */
  write(key: number, level: Level, zero: boolean): void {
    const index = this.index;
    if (zero) {
      if (key <= this.fenceKey) {
        const before = index.size;
        index.delete(key);
        this.fenced -= before - index.size;
      } else {
        index.delete(key);
      }
      if (key === this.bestKey) this.bestStale = true;
      return;
    }
    if (key <= this.fenceKey) {
      const before = index.size;
      index.set(key, level);
      this.fenced += index.size - before;
    } else {
      index.set(key, level);
    }
    if (!this.bestStale && key <= this.bestKey) {
      this.bestKey = key;
      this.bestLevel = level;
    }
  }

  /** Validates every level first (or takes its decoder's code), then writes them all: a bad level leaves the side untouched. */
  applyAll(levels: readonly Level[], codes?: readonly number[]): void {
    const n = levels.length;
    if (n > scratchKeys.length) {
      scratchKeys = new Float64Array(n * 2);
      scratchZero = new Uint8Array(n * 2);
    }
    const keys = scratchKeys;
    const zero = scratchZero;
    if (codes !== undefined && codes.length === n) {
      for (let i = 0; i < n; i++) {
        const code = codes[i] as number;
        if (code >= 0) {
          keys[i] = this.sign * code;
          zero[i] = 0;
        } else if (code < 0) {
          keys[i] = this.sign * (-code - 1);
          zero[i] = 1;
        } else {
          const level = levels[i] as Level; // NaN: the decoder left this one to the book
          keys[i] = this.keyOf(level[0]);
          zero[i] = isZeroQuantity(level[1]) ? 1 : 0;
        }
      }
    } else {
      for (let i = 0; i < n; i++) {
        const level = levels[i] as Level;
        keys[i] = this.keyOf(level[0]);
        zero[i] = isZeroQuantity(level[1]) ? 1 : 0;
      }
    }
    for (let i = 0; i < n; i++) this.write(keys[i] as number, levels[i] as Level, zero[i] === 1);
  }

  /** The best level, recomputed from the index only after the cached one was removed. */
  best(): Level | undefined {
    if (this.bestStale) {
      const level = this.index.first();
      this.bestLevel = level;
      this.bestKey = level === undefined ? Infinity : this.keyOf(level[0]);
      this.bestStale = false;
    }
    return this.bestLevel;
  }

  /**
   * Levels whose key is `key` or smaller (at that price or better). The first call at a key walks the side once;
   * from then on every write keeps the count, until a call asks at another key.
   */
  countWithin(key: number): number {
    if (key !== this.fenceKey) {
      let n = 0;
      for (const [price] of this.index.values()) {
        if (this.keyOf(price) > key) break;
        n++;
      }
      this.fenceKey = key;
      this.fenced = n;
    }
    return this.fenced;
  }

  /** Empties the side. */
  clear(): void {
    this.fenced = 0;
    this.index.clear();
    this.bestKey = Infinity;
    this.bestLevel = undefined;
    this.bestStale = false;
  }
}
