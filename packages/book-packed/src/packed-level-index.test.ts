import { describe, expect, it } from '@jest/globals';
import { prng } from '@lob/core/testing';
import { NEAR_KEEP, NEAR_MAX, NEAR_MIN, PackedLevelIndex } from './packed-level-index.js';

/** The entries of the first chunks keyChunks(n) hands over, in order. */
function entriesOf(index: PackedLevelIndex, n = Infinity): [number, number][] {
  const values = index.valueChunks(n);
  return index.keyChunks(n).flatMap((keys, c) => keys.map((key, i): [number, number] => [key, values[c]![i]!]));
}

/** The model's keys that the index does not find with their value (one expect for all: the lists are long). */
function unfound(index: PackedLevelIndex, model: Map<number, number>): number[] {
  return [...model].filter(([key, value]) => index.get(key) !== value).map(([key]) => key);
}

/** Checks the index against a model: every entry found and in order, the first one, and counts at a few keys. */
function expectAgrees(index: PackedLevelIndex, model: Map<number, number>, probes: readonly number[]): void {
  const sorted = [...model.keys()].sort((a, b) => a - b);
  expect(unfound(index, model)).toEqual([]);
  expect(entriesOf(index)).toEqual(sorted.map((k) => [k, model.get(k)]));
  expect(index.size).toBe(model.size);
  expect(index.firstKey()).toBe(sorted.length === 0 ? NaN : sorted[0]);
  for (const probe of probes) expect(index.countAtMost(probe)).toBe(sorted.filter((k) => !(k > probe)).length);
}

describe('PackedLevelIndex (a sorted top, a hash table beyond)', () => {
  it('agrees with a Map+sort model while the top of the book drifts up and down through many spills and refills', () => {
    const random = prng(5);
    const index = new PackedLevelIndex();
    const model = new Map<number, number>();
    let mid = 0;
    for (let step = 0; step < 30_000; step++) {
      // A book whose best moves: most changes land near `mid`, some anywhere in a wide range.
      if (step % 50 === 0) {
        mid += Math.floor(random() * 401) - 200;
        // The price moving up takes the levels it passes, so the top erodes and the hash table is drawn on.
        for (const [key, value] of model) {
          if (key >= (mid - 15) * 1e6) continue;
          expect(index.delete(key)).toBe(value);
          model.delete(key);
        }
      }
      const spread = random() < 0.7 ? 60 : 3_000;
      const key = (mid + Math.floor(random() * spread) - (spread >> 2)) * 1e6;
      if (random() < (key < mid * 1e6 ? 0.35 : 0.6)) {
        const value = step * 256 + 0.0;
        expect(index.set(key, value)).toBe(model.get(key) ?? NaN);
        model.set(key, value);
      } else {
        expect(index.delete(key)).toBe(model.get(key) ?? NaN);
        model.delete(key);
      }
      const probe = (mid + Math.floor(random() * 3_000) - 750) * 1e6;
      expect(index.get(probe)).toBe(model.get(probe) ?? NaN);
      const first = index.firstKey();
      if (step % 100 === 0) expect(first).toBe(model.size === 0 ? NaN : Math.min(...model.keys()));
      if (step % 499 === 0) expectAgrees(index, model, [probe, first, first - 1, Infinity, -Infinity, NaN]);
    }
    expect(model.size).toBeGreaterThan(NEAR_MAX);
    expectAgrees(index, model, [0, mid * 1e6]);
  });

  it('keeps its top in order as levels are taken from the top one by one, deep into what went to the hash table', () => {
    const keys = Array.from({ length: 10 * NEAR_MAX }, (_, i) => i * 1e6);
    const index = new PackedLevelIndex();
    const model = new Map<number, number>();
    for (const key of keys) {
      index.set(key, key / 1e6 + 0.5); // in order, as a snapshot loads
      model.set(key, key / 1e6 + 0.5);
    }
    for (let i = 0; i < keys.length; i++) {
      expect(unfound(index, model)).toEqual([]);
      model.delete(keys[i]!);
      expect(index.firstKey()).toBe(keys[i]);
      expect(index.firstValue()).toBe(i + 0.5);
      expect(entriesOf(index, 5).slice(0, 5).map(([k]) => k)).toEqual(keys.slice(i, i + 5));
      expect(index.delete(keys[i]!)).toBe(i + 0.5);
    }
    expect(index.size).toBe(0);
    expect(index.firstKey()).toBeNaN();
  });

  it('reads a shallow top from the sorted part alone, and a deep one in full order', () => {
    const index = new PackedLevelIndex();
    const model = new Map<number, number>();
    const random = prng(9);
    for (let i = 0; i < 4 * NEAR_MAX; i++) {
      const key = Math.floor(random() * 1e6) * 100;
      index.set(key, i + 0.25);
      model.set(key, i + 0.25);
    }
    const sorted = [...model.keys()].sort((a, b) => a - b);
    const shallow = entriesOf(index, NEAR_MIN);
    // Only the sorted part: fewer entries than the book holds, and exactly its first ones.
    expect(shallow.length).toBeGreaterThanOrEqual(NEAR_MIN);
    expect(shallow.length).toBeLessThanOrEqual(NEAR_MAX);
    expect(shallow.map(([k]) => k)).toEqual(sorted.slice(0, shallow.length));
    expect(entriesOf(index, NEAR_KEEP * 3).map(([k]) => k)).toEqual(sorted);
  });

  it('empties on clear and keeps working, everything going to the sorted part again', () => {
    const index = new PackedLevelIndex();
    for (let i = 0; i < 3 * NEAR_MAX; i++) index.set(i, 1);
    index.clear();
    expect(index.size).toBe(0);
    expect(index.get(5)).toBeNaN();
    expect(index.firstKey()).toBeNaN();
    const model = new Map([[9, 1.5], [3, 2.5], [1_000_000, 3.5]]);
    for (const [key, value] of model) index.set(key, value);
    expectAgrees(index, model, [3, 4, 1_000_000]);
  });
});
