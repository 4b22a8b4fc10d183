import type { Level } from '@lob/core';
import { describe, expect, it } from '@jest/globals';
import { ChunkedLevelIndex, MAX_CHUNK, MERGE_BELOW } from './chunked-level-index.js';
import { prng } from '@lob/core/testing';

const level = (key: number): Level => [String(key), '1'];

/** An index holding `keys`, inserted in the order given. */
function indexOf(keys: readonly number[]): ChunkedLevelIndex {
  const index = new ChunkedLevelIndex();
  for (const key of keys) index.set(key, level(key));
  return index;
}

/** The keys 0, 2, 4, … (even, so every odd key falls between two held ones). */
const evens = (count: number): number[] => Array.from({ length: count }, (_, i) => 2 * i);

/** Checks the index holds exactly `keys` (any order), in ascending order, each findable. */
function expectHolds(index: ChunkedLevelIndex, keys: readonly number[]): void {
  const sorted = [...keys].sort((a, b) => a - b);
  expect([...index.values()]).toEqual(sorted.map(level));
  expect(index.size).toBe(sorted.length);
  expect(index.chunkLengths().reduce((a, b) => a + b, 0)).toBe(sorted.length);
  for (const key of sorted) expect(index.get(key)).toEqual(level(key));
  expect(index.first()).toEqual(sorted.length === 0 ? undefined : level(sorted[0] as number));
}

describe('ChunkedLevelIndex chunk rules', () => {
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
      index.set(key, level(key));
      expect(index.chunkLengths()).toEqual(i <= MAX_CHUNK / 2 ? [MAX_CHUNK / 2 + 1, MAX_CHUNK / 2, MAX_CHUNK] : [MAX_CHUNK / 2, MAX_CHUNK / 2 + 1, MAX_CHUNK]);
      expectHolds(index, [...keys, key]);
    },
  );

  it('splits a full last chunk when a key lands inside it, and opens a new one only past its end', () => {
    const keys = evens(MAX_CHUNK);
    const index = indexOf(keys);
    index.set(2 * MAX_CHUNK - 3, level(2 * MAX_CHUNK - 3)); // between the last two keys
    expect(index.chunkLengths()).toEqual([MAX_CHUNK / 2, MAX_CHUNK / 2 + 1]);
    index.set(10_000, level(10_000));
    expect(index.chunkLengths()).toEqual([MAX_CHUNK / 2, MAX_CHUNK / 2 + 2]);
    expectHolds(index, [...keys, 2 * MAX_CHUNK - 3, 10_000]);
  });

  it('tracks a chunk whose largest key was replaced, removed or overtaken', () => {
    const keys = evens(2 * MAX_CHUNK);
    const index = indexOf(keys);
    const top = 2 * (MAX_CHUNK - 1); // the first chunk's largest key
    index.delete(top);
    index.delete(top - 2);
    // Now between the two chunks: must land at the end of the first, and be found there.
    index.set(top - 1, level(top - 1));
    index.set(top, level(top));
    expectHolds(index, [...keys.filter((k) => k !== top - 2), top - 1]);
  });

  it('drops a chunk when its last key goes, and keeps working after', () => {
    const keys = evens(MAX_CHUNK + 1); // a full chunk and a one-key chunk
    const index = indexOf(keys);
    expect(index.chunkLengths()).toEqual([MAX_CHUNK, 1]);
    index.delete(2 * MAX_CHUNK);
    expect(index.chunkLengths()).toEqual([MAX_CHUNK]);
    expect(index.get(2 * MAX_CHUNK)).toBeUndefined();
    index.set(2 * MAX_CHUNK + 1, level(2 * MAX_CHUNK + 1));
    expectHolds(index, [...evens(MAX_CHUNK), 2 * MAX_CHUNK + 1]);
    for (const key of evens(MAX_CHUNK)) index.delete(key);
    index.delete(2 * MAX_CHUNK + 1);
    expect(index.chunkLengths()).toEqual([]);
    expectHolds(index, []);
    index.set(7, level(7));
    expectHolds(index, [7]);
  });

  it('folds a chunk that shrinks below MERGE_BELOW into its neighbour when both fit in one', () => {
    const keys = evens(2 * MAX_CHUNK);
    const index = indexOf(keys);
    for (let i = 0; i < MAX_CHUNK - 1; i++) index.delete(2 * i);
    // The first chunk is down to one key, but 1 + MAX_CHUNK do not fit: no merge yet.
    expect(index.chunkLengths()).toEqual([1, MAX_CHUNK]);
    for (let i = MAX_CHUNK; i < 2 * MAX_CHUNK - MERGE_BELOW; i++) index.delete(2 * i);
    // Nothing merges on a deletion from the last chunk; the next deletion from the first one merges.
    expect(index.chunkLengths()).toEqual([1, MERGE_BELOW]);
    index.set(1, level(1));
    index.delete(1);
    expect(index.chunkLengths()).toEqual([1 + MERGE_BELOW]);
    expectHolds(index, [2 * (MAX_CHUNK - 1), ...evens(2 * MAX_CHUNK).slice(2 * MAX_CHUNK - MERGE_BELOW)]);
  });

  it('ignores deletions of absent keys: before, between and after all held keys, and on an empty index', () => {
    const index = new ChunkedLevelIndex();
    index.delete(1);
    const keys = evens(MAX_CHUNK + 3);
    for (const key of keys) index.set(key, level(key));
    for (const key of [-1, 3, 2 * MAX_CHUNK - 1, 1_000_000]) index.delete(key);
    expectHolds(index, keys);
  });

  it('replaces the level at a held key without growing', () => {
    const index = indexOf(evens(MAX_CHUNK));
    const fresh: Level = ['0', '2'];
    index.set(0, fresh);
    expect(index.first()).toBe(fresh);
    expect(index.size).toBe(MAX_CHUNK);
  });

  it('agrees with a sorted model through random churn on a small key range (many splits, merges, drops)', () => {
    const random = prng(7);
    const index = new ChunkedLevelIndex();
    const model = new Map<number, Level>();
    for (let step = 0; step < 60_000; step++) {
      // Phases bias towards growth or shrinkage, so the chunk count rises and falls.
      const grow = Math.floor(step / 5_000) % 2 === 0 ? 0.7 : 0.3;
      const key = Math.floor(random() * 600) - 300;
      if (random() < grow) {
        const l: Level = [String(key), String(step)];
        index.set(key, l);
        model.set(key, l);
      } else {
        index.delete(key);
        model.delete(key);
      }
      const probe = Math.floor(random() * 640) - 320;
      expect(index.get(probe)).toBe(model.get(probe));
      if (step % 997 === 0) {
        const sorted = [...model.keys()].sort((a, b) => a - b);
        expect([...index.values()]).toEqual(sorted.map((k) => model.get(k)));
        expect(index.size).toBe(model.size);
        for (const n of index.chunkLengths()) expect(n).toBeLessThanOrEqual(MAX_CHUNK);
        const top: Level[] = [];
        index.take(5, top);
        expect(top).toEqual(sorted.slice(0, 5).map((k) => model.get(k)));
      }
    }
  });
});
