import { isZeroQuantity, levelSpelling, priceKey, spellLevel, spellQuantity, type Level } from '@lob/core';
import { PackedLevelIndex } from './packed-level-index.js';

/** The value of a level whose strings the side keeps as written (in `exotic`), having no spelling for them. */
export const EXOTIC = -1;

// Scratch space for validating a batch before touching the index; shared because the hot path is single-threaded.
let scratchKeys = new Float64Array(256);
let scratchValues = new Float64Array(256);
let scratchZero = new Uint8Array(256);

/** How many of the levels a top read spelled are kept for the next one: more than the deepest top a venue checks. */
const READ_TOP = 64;

/** The first levels of a top read, in order, with the key and value each was spelled from. */
class SpelledTop {
  readonly keys = new Float64Array(READ_TOP);
  readonly values = new Float64Array(READ_TOP);
  readonly levels: (Level | undefined)[] = new Array<Level | undefined>(READ_TOP).fill(undefined);
  count = 0;
}

/**
 * One side of a PackedOrderBook: signed key (bids negated, so the smallest key is the best) → the level's spelling,
 * numbers only. The rare level that no spelling writes back exactly (a long decimal, a non-canonical string, a key
 * that is not an exact integer) is valued EXOTIC and kept as written in a map beside the index.
 */
export class PackedBookSide {
  readonly index = new PackedLevelIndex();
  /** Levels valued EXOTIC, by signed key: exactly the EXOTIC entries of the index. */
  readonly exotic = new Map<number, Level>();
  // The best level as last spelled, and what it was spelled from: best() is read after every event, and must not
  // allocate while the top of the book stays as it was.
  private bestKey = NaN;
  private bestValue = NaN;
  private bestLevel: Level | undefined = undefined;
  /**
   * The last top read and a spare to write the next into (made on the first top read: many books are only ever read
   * through best()). A top read again while it has not changed spells nothing.
   */
  private lastTop: SpelledTop | undefined = undefined;
  private spareTop: SpelledTop | undefined = undefined;
  /** Levels whose key is at most fenceKey are counted in `fenced` on every write; -Infinity: no fence. */
  private fenceKey = -Infinity;
  private fenced = 0;

  /** `sign` is -1 for bids (keys are negated prices) and 1 for asks. */
  constructor(private readonly sign: 1 | -1) {}

  /** Key of a price on this side, or throws BookError. */
  keyOf(price: string): number {
    return this.sign * priceKey(price);
  }

  /** The value a non-zero level is held as: its spelling where it has one and its key is exact, else EXOTIC. */
  valueOf(key: number, price: string, quantity: string): number {
    // A key past 2^53 is a rounded double: spelling its price from it would not give the string back.
    if (!Number.isSafeInteger(key)) return EXOTIC;
    const spelled = levelSpelling(price, quantity);
    return spelled >= 0 ? spelled : EXOTIC;
  }

  /** Writes a non-zero level valued `value`; `level` is its strings, needed only when the value is EXOTIC. */
  write(key: number, value: number, level: Level | undefined): void {
    const old = this.index.set(key, value);
    if (value === EXOTIC) this.exotic.set(key, level as Level);
    else if (old === EXOTIC) this.exotic.delete(key);
    if (old !== old && key <= this.fenceKey) this.fenced++; // NaN: the key is new
  }

  /** Removes the level at `key`, if any. */
  remove(key: number): void {
    const old = this.index.delete(key);
    if (old !== old) return; // NaN: there was none
    if (old === EXOTIC) this.exotic.delete(key);
    if (key <= this.fenceKey) this.fenced--;
  }

  /** Sets one level from its strings; throws BookError on a bad one, changing nothing. */
  set(price: string, quantity: string): void {
    const key = this.keyOf(price);
    if (isZeroQuantity(quantity)) this.remove(key);
    else this.write(key, this.valueOf(key, price, quantity), [price, quantity]);
  }

  /** Validates every level first (or takes its decoder's code), then writes them all: a bad level leaves the side untouched. */
  applyAll(levels: readonly Level[], codes?: readonly number[]): void {
    const n = levels.length;
    if (n > scratchKeys.length) {
      scratchKeys = new Float64Array(n * 2);
      scratchValues = new Float64Array(n * 2);
      scratchZero = new Uint8Array(n * 2);
    }
    const keys = scratchKeys;
    const values = scratchValues;
    const zero = scratchZero;
    const sign = this.sign;
    const coded = codes !== undefined && codes.length === n;
    for (let i = 0; i < n; i++) {
      const level = levels[i] as Level;
      const code = coded ? (codes[i] as number) : NaN;
      let key: number;
      let isZero: boolean;
      if (code >= 0) {
        key = sign * code;
        isZero = false;
      } else if (code < 0) {
        key = sign * (-code - 1);
        isZero = true;
      } else {
        key = this.keyOf(level[0]); // NaN: the decoder left this one to the book
        isZero = isZeroQuantity(level[1]);
      }
      keys[i] = key;
      zero[i] = isZero ? 1 : 0;
      if (!isZero) values[i] = this.valueOf(sign * key, level[0], level[1]);
    }
    for (let i = 0; i < n; i++) {
      const key = keys[i] as number;
      if (zero[i] === 1) {
        this.remove(key);
      } else {
        const value = values[i] as number;
        this.write(key, value, value === EXOTIC ? (levels[i] as Level) : undefined);
      }
    }
  }

  /** Applies a batch given as numbers only (codes and spellings, valid by the caller's contract). */
  applySpelled(codes: readonly number[], spellings: readonly number[]): void {
    const sign = this.sign;
    const n = codes.length;
    for (let i = 0; i < n; i++) {
      const code = codes[i] as number;
      if (code >= 0) {
        const spelled = spellings[i] as number;
        // Never NaN by contract; a NaN stored would read as an absent level, so one is dropped, not held.
        if (spelled >= 0) this.write(sign * code, spelled, undefined);
      } else if (code < 0) {
        this.remove(sign * (-code - 1));
      }
    }
  }

  /** The level at signed key `key` held as `value`, as its strings. */
  levelOf(key: number, value: number): Level {
    return value === EXOTIC ? (this.exotic.get(key) as Level) : spellLevel(this.sign * key, value);
  }

  /** The quantity string at signed key `key`, or undefined when there is no such level. */
  quantityAt(key: number): string | undefined {
    const value = this.index.get(key);
    if (value !== value) return undefined;
    return value === EXOTIC ? (this.exotic.get(key) as Level)[1] : spellQuantity(value);
  }

  /** The best level, spelled again only when the best key or its value changed since the last call. */
  best(): Level | undefined {
    const index = this.index;
    if (index.size === 0) return undefined;
    const key = index.firstKey();
    const value = index.firstValue();
    if (value === EXOTIC) return this.exotic.get(key);
    if (key !== this.bestKey || value !== this.bestValue) {
      this.bestKey = key;
      this.bestValue = value;
      this.bestLevel = spellLevel(this.sign * key, value);
    }
    return this.bestLevel;
  }

  /**
   * The first `n` levels, best first, appended to `out`. A level the last top read spelled from the same key and
   * value is handed back as it was (both reads are in key order, so one walk over the last finds them).
   */
  take(n: number, out: Level[]): void {
    const last = (this.lastTop ??= new SpelledTop());
    const next = (this.spareTop ??= new SpelledTop());
    const keyChunks = this.index.keyChunks(n);
    const valueChunks = this.index.valueChunks(n);
    let j = 0;
    let kept = 0;
    read: for (let c = 0; c < keyChunks.length; c++) {
      const keys = keyChunks[c] as readonly number[];
      const values = valueChunks[c] as readonly number[];
      for (let i = 0; i < keys.length; i++) {
        if (out.length >= n) break read;
        const key = keys[i] as number;
        const value = values[i] as number;
        while (j < last.count && (last.keys[j] as number) < key) j++;
        const level =
          value !== EXOTIC && j < last.count && last.keys[j] === key && last.values[j] === value ? (last.levels[j] as Level) : this.levelOf(key, value);
        if (kept < READ_TOP) {
          next.keys[kept] = key;
          next.values[kept] = value;
          next.levels[kept++] = level;
        }
        out.push(level);
      }
    }
    next.count = kept;
    this.lastTop = next;
    this.spareTop = last;
  }

  /** Iterates the levels best first, spelling each as it is reached. */
  *levels(): IterableIterator<Level> {
    const keyChunks = this.index.keyChunks();
    const valueChunks = this.index.valueChunks();
    for (let c = 0; c < keyChunks.length; c++) {
      const keys = keyChunks[c] as readonly number[];
      const values = valueChunks[c] as readonly number[];
      for (let i = 0; i < keys.length; i++) yield this.levelOf(keys[i] as number, values[i] as number);
    }
  }

  /**
   * Levels whose key is `key` or smaller (at that price or better). The first call at a key counts once; from then
   * on every write keeps the count, until a call asks at another key.
   */
  countWithin(key: number): number {
    if (key !== this.fenceKey) {
      this.fenceKey = key;
      this.fenced = this.index.countAtMost(key);
    }
    return this.fenced;
  }

  /** Empties the side. */
  clear(): void {
    this.fenced = 0;
    this.index.clear();
    this.exotic.clear();
  }
}
