import { describe, expect, it } from '@jest/globals';
import { MAX_CHUNK, MERGE_BELOW, SortedNumberChunks } from './sorted-number-chunks.js';
import { prng } from '@lob/core/testing';

/** The value the tests store at a key, so a wrong pairing of key and value shows. */
const valueOf = (key: number): number => key * 3 + 1;

/** An index holding `keys`, inserted in the order given. */
function indexOf(keys: readonly number[]): SortedNumberChunks {
  const index = new SortedNumberChunks();
  for (const key of keys) index.set(key, valueOf(key));
  return index;
}

/** The keys 0, 2, 4, … (even, so every odd key falls between two held ones). */
const evens = (count: number): number[] => Array.from({ length: count }, (_, i) => 2 * i);

/** Every entry, in the index's order. */
function entriesOf(index: SortedNumberChunks): [number, number][] {
  const values = index.valueChunks();
  return index.keyChunks().flatMap((keys, c) => keys.map((key, i): [number, number] => [key, values[c]![i]!]));
}

/** Checks the index holds exactly `keys` (any order), in ascending order, each findable. */
function expectHolds(index: SortedNumberChunks, keys: readonly number[]): void {
  const sorted = [...keys].sort((a, b) => a - b);
  expect(entriesOf(index)).toEqual(sorted.map((k) => [k, valueOf(k)]));
  expect(index.size).toBe(sorted.length);
  expect(index.chunkLengths().reduce((a, b) => a + b, 0)).toBe(sorted.length);
  for (const key of sorted) expect(index.get(key)).toBe(valueOf(key));
  expect(index.firstKey()).toBe(sorted.length === 0 ? NaN : sorted[0]);
  expect(index.firstValue()).toBe(sorted.length === 0 ? NaN : valueOf(sorted[0]!));
}

describe('SortedNumberChunks chunk rules', () => {
  it('keeps every chunk but the last full when keys arrive in order, as a snapshot does', () => {
    const keys = evens(3 * MAX_CHUNK + 5);
    const index = indexOf(keys);
    expect(index.chunkLengths()).toEqual([MAX_CHUNK, MAX_CHUNK, MAX_CHUNK, 5]);
    expectHolds(index, keys);
  });

  it.each([0, 1, MAX_CHUNK / 2 - 1, MAX_CHUNK / 2, MAX_CHUNK / 2 + 1, MAX_CHUNK - 1])(
    'splits a full first chunk in halves when a key lands before its key %i',
    (i) => {
      const keys = evens(2 * MAX_CHUNK);
      const index = indexOf(keys);
      const key = 2 * i - 1;
      index.set(key, valueOf(key));
      expect(index.chunkLengths()).toEqual(i <= MAX_CHUNK / 2 ? [MAX_CHUNK / 2 + 1, MAX_CHUNK / 2, MAX_CHUNK] : [MAX_CHUNK / 2, MAX_CHUNK / 2 + 1, MAX_CHUNK]);
      expectHolds(index, [...keys, key]);
    },
  );

  it('splits a full last chunk when a key lands inside it, and opens a new one only past its end', () => {
    const keys = evens(MAX_CHUNK);
    const index = indexOf(keys);
    index.set(2 * MAX_CHUNK - 3, valueOf(2 * MAX_CHUNK - 3)); // between the last two keys
    expect(index.chunkLengths()).toEqual([MAX_CHUNK / 2, MAX_CHUNK / 2 + 1]);
    index.set(10_000, valueOf(10_000));
    expect(index.chunkLengths()).toEqual([MAX_CHUNK / 2, MAX_CHUNK / 2 + 2]);
    expectHolds(index, [...keys, 2 * MAX_CHUNK - 3, 10_000]);
  });

  it('tracks a chunk whose largest key was replaced, removed or overtaken', () => {
    const keys = evens(2 * MAX_CHUNK);
    const index = indexOf(keys);
    const top = 2 * (MAX_CHUNK - 1); // the first chunk's largest key
    index.delete(top);
    index.delete(top - 2);
    index.set(top - 1, valueOf(top - 1));
    index.set(top, valueOf(top));
    expectHolds(index, [...keys.filter((k) => k !== top - 2), top - 1]);
  });

  it('drops a chunk when its last key goes, and keeps working after', () => {
    const keys = evens(MAX_CHUNK + 1);
    const index = indexOf(keys);
    expect(index.chunkLengths()).toEqual([MAX_CHUNK, 1]);
    index.delete(2 * MAX_CHUNK);
    expect(index.chunkLengths()).toEqual([MAX_CHUNK]);
    expect(index.get(2 * MAX_CHUNK)).toBeNaN();
    index.set(2 * MAX_CHUNK + 1, valueOf(2 * MAX_CHUNK + 1));
    expectHolds(index, [...evens(MAX_CHUNK), 2 * MAX_CHUNK + 1]);
    for (const key of evens(MAX_CHUNK)) index.delete(key);
    index.delete(2 * MAX_CHUNK + 1);
    expect(index.chunkLengths()).toEqual([]);
    expectHolds(index, []);
    index.set(7, valueOf(7));
    expectHolds(index, [7]);
  });

  it('folds a chunk that shrinks below MERGE_BELOW into its neighbour when both fit in one', () => {
    const keys = evens(2 * MAX_CHUNK);
    const index = indexOf(keys);
    for (let i = 0; i < MAX_CHUNK - 1; i++) index.delete(2 * i);
    expect(index.chunkLengths()).toEqual([1, MAX_CHUNK]);
    for (let i = MAX_CHUNK; i < 2 * MAX_CHUNK - MERGE_BELOW; i++) index.delete(2 * i);
    expect(index.chunkLengths()).toEqual([1, MERGE_BELOW]);
    index.set(1, valueOf(1));
    index.delete(1);
    expect(index.chunkLengths()).toEqual([1 + MERGE_BELOW]);
    expectHolds(index, [2 * (MAX_CHUNK - 1), ...evens(2 * MAX_CHUNK).slice(2 * MAX_CHUNK - MERGE_BELOW)]);
  });

  it('ignores deletions of absent keys, answering NaN: before, between and after all held keys, and when empty', () => {
    const index = new SortedNumberChunks();
    expect(index.delete(1)).toBeNaN();
    const keys = evens(MAX_CHUNK + 3);
    for (const key of keys) index.set(key, valueOf(key));
    for (const key of [-1, 3, 2 * MAX_CHUNK - 1, 1_000_000]) expect(index.delete(key)).toBeNaN();
    expectHolds(index, keys);
  });

  it('answers what a write replaced and a deletion removed', () => {
    const index = indexOf([1, 2]);
    expect(index.set(3, 9)).toBeNaN();
    expect(index.set(3, 10)).toBe(9);
    expect(index.delete(3)).toBe(10);
    expect(index.size).toBe(2);
  });

  it('replaces the value at a held key without growing', () => {
    const index = indexOf(evens(MAX_CHUNK));
    index.set(0, -1);
    expect(index.firstValue()).toBe(-1);
    expect(index.size).toBe(MAX_CHUNK);
  });

  it('counts the keys not above a key by whole chunks and one search, across chunk edges', () => {
    const keys = evens(3 * MAX_CHUNK + 5);
    const index = indexOf(keys);
    for (const key of [-1, 0, 1, 2 * MAX_CHUNK - 2, 2 * MAX_CHUNK - 1, 2 * MAX_CHUNK, 10_000, Infinity, -Infinity, NaN]) {
      expect(index.countAtMost(key)).toBe(keys.filter((k) => !(k > key)).length);
    }
  });

  it.each([0, 1, MAX_CHUNK - 1, MAX_CHUNK, MAX_CHUNK + 1, 2 * MAX_CHUNK + 3])('truncates to its first %i keys, handing the rest over in order', (keep) => {
    const keys = evens(3 * MAX_CHUNK + 5);
    const index = indexOf(keys);
    const handed: [number, number][] = [];
    index.truncate(keep, (key, value) => handed.push([key, value]));
    expect(handed).toEqual(keys.slice(keep).map((k) => [k, valueOf(k)]));
    expectHolds(index, keys.slice(0, keep));
    expect(index.lastKey()).toBe(keep === 0 ? NaN : keys[keep - 1]);
    // And goes on working: the truncated chunk takes keys again, in place and past its end.
    index.set(10_001, valueOf(10_001));
    index.set(-1, valueOf(-1));
    expectHolds(index, [...keys.slice(0, keep), 10_001, -1]);
    expect(index.lastKey()).toBe(10_001);
  });

  it('keeps everything when asked to truncate to its size or more', () => {
    const keys = evens(MAX_CHUNK + 3);
    const index = indexOf(keys);
    const handed: number[] = [];
    index.truncate(keys.length, (key) => handed.push(key));
    index.truncate(keys.length + 10, (key) => handed.push(key));
    expect(handed).toEqual([]);
    expectHolds(index, keys);
  });

  it('agrees with a Map+sort model through seeded random sets and deletes (many splits, merges, drops)', () => {
    const random = prng(7);
    const index = new SortedNumberChunks();
    const model = new Map<number, number>();
    for (let step = 0; step < 60_000; step++) {
      // Phases bias towards growth or shrinkage, so the chunk count rises and falls.
      const grow = Math.floor(step / 5_000) % 2 === 0 ? 0.7 : 0.3;
      const key = (Math.floor(random() * 600) - 300) * 1e6; // keys as large as a price's, not Smis
      if (random() < grow) {
        const value = step % 7 === 0 ? -1 : step * 256 + 0.0;
        expect(index.set(key, value)).toBe(model.get(key) ?? NaN);
        model.set(key, value);
      } else {
        expect(index.delete(key)).toBe(model.get(key) ?? NaN);
        model.delete(key);
      }
      const probe = (Math.floor(random() * 640) - 320) * 1e6;
      expect(index.get(probe)).toBe(model.get(probe) ?? NaN);
      if (step % 997 === 0) {
        const sorted = [...model.keys()].sort((a, b) => a - b);
        expect(entriesOf(index)).toEqual(sorted.map((k) => [k, model.get(k)]));
        expect(index.size).toBe(model.size);
        for (const n of index.chunkLengths()) expect(n).toBeLessThanOrEqual(MAX_CHUNK);
        expect(index.countAtMost(probe)).toBe(sorted.filter((k) => k <= probe).length);
      }
    }
  });
});
