/** Smallest number of slots a table has; a power of two, as every capacity is. */
const MIN_CAPACITY = 16;
/** Grows past this share of slots in use: linear probing stays short below it. */
const MAX_LOAD = 0.8;
/** Halves below this share, so a book that shrank does not keep its largest table. */
const MIN_LOAD = 0.1;

/**
 * An unordered map from number to number in one Float64Array, open addressing with linear probing: the levels away
 * from the top of a book, where a change needs no order, only a place. A key is found in a probe or two where a
 * sorted index pays two binary searches and a shift, and no entry is an object. Each slot is a key and its value
 * side by side, so a probe reads one cache line. Empty slots hold NaN as their key, so a key must never be NaN;
 * absent entries read as NaN, so a value must never be NaN either.
 */
export class NumberHashTable {
  /** Slot i's key at 2i, its value at 2i + 1. */
  private slots: Float64Array;
  /** Twice the slot count, minus two: masks a position to a slot's key. */
  private mask: number;
  /** 32 minus log2(capacity): the hash keeps its top bits, the best mixed (Fibonacci hashing). */
  private shift: number;
  /** Number of entries. */
  size = 0;

  constructor(capacity = MIN_CAPACITY) {
    this.slots = emptySlots(capacity);
    this.mask = 2 * capacity - 2;
    this.shift = 32 - Math.log2(capacity);
  }

  /** Slots the table has (a power of two). */
  get capacity(): number {
    return (this.mask + 2) / 2;
  }

  /** Position of a key's home slot: both 32-bit halves of its integer part, multiplied through. */
  private home(key: number): number {
    const hi = (key / 4294967296) | 0;
    return (Math.imul((key | 0) ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1) >>> this.shift) << 1;
  }

  /** The value at `key`, or NaN when there is none. */
  get(key: number): number {
    const slots = this.slots;
    const mask = this.mask;
    for (let i = this.home(key); ; i = (i + 2) & mask) {
      const k = slots[i] as number;
      if (k === key) return slots[i + 1] as number;
      if (k !== k) return NaN;
    }
  }

  /** Sets the value at `key`; returns the value it replaced, or NaN when the key is new. */
  set(key: number, value: number): number {
    const slots = this.slots;
    const mask = this.mask;
    for (let i = this.home(key); ; i = (i + 2) & mask) {
      const k = slots[i] as number;
      if (k === key) {
        const old = slots[i + 1] as number;
        slots[i + 1] = value;
        return old;
      }
      if (k !== k) {
        slots[i] = key;
        slots[i + 1] = value;
        if (++this.size > MAX_LOAD * this.capacity) this.resize(this.capacity * 2);
        return NaN;
      }
    }
  }

  /** Removes the entry at `key`; returns its value, or NaN when there was none. */
  delete(key: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = this.home(key);
    for (; ; i = (i + 2) & mask) {
      const k = slots[i] as number;
      if (k === key) break;
      if (k !== k) return NaN;
    }
    const old = slots[i + 1] as number;
    this.size--;
    // Backward shift: entries after the hole that may live in it move up, so no probe ever stops at a false gap.
    for (let j = (i + 2) & mask; ; j = (j + 2) & mask) {
      const k = slots[j] as number;
      if (k !== k) break;
      const h = this.home(k);
      // Stays when its home lies cyclically in (i, j].
      if (i <= j ? i < h && h <= j : i < h || h <= j) continue;
      slots[i] = k;
      slots[i + 1] = slots[j + 1] as number;
      i = j;
    }
    slots[i] = NaN;
    if (this.size < MIN_LOAD * this.capacity && this.capacity > MIN_CAPACITY) this.resize(this.capacity / 2);
    return old;
  }

  /** How many keys are not above `key` (a NaN key counts every entry). */
  countAtMost(key: number): number {
    const slots = this.slots;
    let n = 0;
    for (let i = 0; i < slots.length; i += 2) {
      const k = slots[i] as number;
      if (k === k && !(k > key)) n++;
    }
    return n;
  }

  /** Copies every key into `out` from index 0, in slot order; returns how many. */
  copyKeys(out: Float64Array): number {
    const slots = this.slots;
    let n = 0;
    for (let i = 0; i < slots.length; i += 2) {
      const k = slots[i] as number;
      if (k === k) out[n++] = k;
    }
    return n;
  }

  /** Removes every entry, giving back the room of a large table. */
  clear(): void {
    if (this.capacity > 4 * MIN_CAPACITY) {
      this.slots = emptySlots(MIN_CAPACITY);
      this.mask = 2 * MIN_CAPACITY - 2;
      this.shift = 32 - Math.log2(MIN_CAPACITY);
    } else {
      this.slots.fill(NaN);
    }
    this.size = 0;
  }

  /** Moves every entry into a table of `capacity` slots. */
  private resize(capacity: number): void {
    const old = this.slots;
    this.slots = emptySlots(capacity);
    this.mask = 2 * capacity - 2;
    this.shift = 32 - Math.log2(capacity);
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) {
      const k = old[i] as number;
      if (k === k) this.set(k, old[i + 1] as number);
    }
  }
}

/** Slots for `capacity` entries, every key NaN (empty). */
function emptySlots(capacity: number): Float64Array {
  const slots = new Float64Array(2 * capacity);
  for (let i = 0; i < slots.length; i += 2) slots[i] = NaN;
  return slots;
}
