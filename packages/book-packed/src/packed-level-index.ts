import { NumberHashTable } from './number-hash-table.js';
import { SortedNumberChunks } from './sorted-number-chunks.js';

/** Below this many near entries (and with far ones left), the nearest far entries are brought in. */
export const NEAR_MIN = 32;
/** Near entries a refill or a spill leaves. */
export const NEAR_KEEP = 128;
/** Past this many near entries, all but the first NEAR_KEEP go far. */
export const NEAR_MAX = 256;

// Scratch for refills and sorted reads; shared because the hot path is single-threaded.
let scratch = new Float64Array(1024);

/** Rearranges `a[0, n)` so that its `k + 1` smallest numbers come first (Hoare's selection). */
function selectSmallest(a: Float64Array, n: number, k: number): void {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i++] = a[j] as number;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** The shared scratch, grown to hold at least `n` numbers. */
function scratchFor(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(n * 2);
  return scratch;
}

/**
 * An ordered map from number to number split at an edge key: the entries at or below it (the top of the book, read
 * after every event and where most changes land) in a sorted chunked index, the ones above it in a hash table, put
 * in order only when a read reaches them. Every change away from the top then costs a probe or two instead of two
 * binary searches and a shift. The near part keeps between NEAR_MIN and NEAR_MAX entries while there are far ones.
 */
export class PackedLevelIndex {
  private readonly near = new SortedNumberChunks();
  private readonly far = new NumberHashTable();
  /** Every near key is at most edge and every far key above it; Infinity while far is empty. */
  private edge = Infinity;
  /** Far's keys in order and their values, as of farVersion sortedAt; rebuilt only for reads that reach them. */
  private sortedKeys: number[] = [];
  private sortedValues: number[] = [];
  private farVersion = 0;
  private sortedAt = -1;
  /** Number of entries. */
  get size(): number {
    return this.near.size + this.far.size;
  }

  /** The value at `key`, or NaN when there is none. */
  get(key: number): number {
    return key <= this.edge ? this.near.get(key) : this.far.get(key);
  }

  /** Sets the value at `key`; returns the value it replaced, or NaN when the key is new. */
  set(key: number, value: number): number {
    let old: number;
    if (key <= this.edge) {
      old = this.near.set(key, value);
      if (old !== old && this.near.size > NEAR_MAX) this.spill();
    } else {
      old = this.far.set(key, value);
      this.farVersion++;
    }
    return old;
  }

  /** Removes the entry at `key`; returns its value, or NaN when there was none. */
  delete(key: number): number {
    let old: number;
    if (key <= this.edge) {
      old = this.near.delete(key);
      if (old === old && this.near.size < NEAR_MIN && this.far.size > 0) this.refill();
    } else {
      old = this.far.delete(key);
      this.farVersion++;
      if (this.far.size === 0) this.edge = Infinity;
    }
    return old;
  }

  /** Moves all but the first NEAR_KEEP near entries far. */
  private spill(): void {
    const far = this.far;
    this.near.truncate(NEAR_KEEP, (key, value) => far.set(key, value));
    this.edge = this.near.lastKey();
    this.farVersion++;
  }

  /** Brings the nearest far entries near, up to NEAR_KEEP near entries. */
  private refill(): void {
    const far = this.far;
    const keys = scratchFor(far.size);
    const n = far.copyKeys(keys);
    const want = NEAR_KEEP - this.near.size;
    let take = n;
    if (want < n) {
      selectSmallest(keys, n, want - 1);
      take = want;
    }
    const moving = keys.subarray(0, take).sort();
    // In key order, so each lands at the near index's end.
    for (let i = 0; i < take; i++) {
      const key = moving[i] as number;
      this.near.set(key, far.delete(key));
    }
    this.edge = far.size === 0 ? Infinity : (moving[take - 1] as number);
    this.farVersion++;
  }

  /** The smallest key, or NaN when empty. */
  firstKey(): number {
    return this.near.firstKey();
  }

  /** The value at the smallest key, or NaN when empty. */
  firstValue(): number {
    return this.near.firstValue();
  }

  /** How many keys are not above `key` (a NaN key counts every entry). */
  countAtMost(key: number): number {
    if (key <= this.edge) return this.near.countAtMost(key);
    return this.near.size + this.far.countAtMost(key);
  }

  /** Key chunks holding at least the first `n` entries in order (all of them by default); callers must not change them. */
  keyChunks(n = Infinity): readonly (readonly number[])[] {
    const near = this.near.keyChunks();
    if (this.far.size === 0 || n <= this.near.size) return near;
    this.sortFar();
    return [...near, this.sortedKeys];
  }

  /** Value chunks parallel to keyChunks(n). */
  valueChunks(n = Infinity): readonly (readonly number[])[] {
    const near = this.near.valueChunks();
    if (this.far.size === 0 || n <= this.near.size) return near;
    this.sortFar();
    return [...near, this.sortedValues];
  }

  /** Puts the far entries in order for reads that reach them, once per change of far. */
  private sortFar(): void {
    if (this.sortedAt === this.farVersion) return;
    const far = this.far;
    const keys = scratchFor(far.size);
    const n = far.copyKeys(keys);
    const sorted = keys.subarray(0, n).sort();
    const outKeys = new Array<number>(n);
    const outValues = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const key = sorted[i] as number;
      outKeys[i] = key;
      outValues[i] = far.get(key);
    }
    this.sortedKeys = outKeys;
    this.sortedValues = outValues;
    this.sortedAt = this.farVersion;
  }

  /** Removes every entry. */
  clear(): void {
    this.near.clear();
    this.far.clear();
    this.edge = Infinity;
    this.farVersion++;
    this.sortedKeys = [];
    this.sortedValues = [];
  }
}
