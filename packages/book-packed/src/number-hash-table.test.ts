import { describe, expect, it } from '@jest/globals';
import { prng } from '@lob/core/testing';
import { NumberHashTable } from './number-hash-table.js';

/** Checks the table holds exactly the model's entries. */
function expectHolds(table: NumberHashTable, model: Map<number, number>): void {
  expect(table.size).toBe(model.size);
  for (const [key, value] of model) expect(table.get(key)).toBe(value);
  const keys = new Float64Array(model.size + 1);
  expect(table.copyKeys(keys)).toBe(model.size);
  expect([...keys.subarray(0, model.size)].sort((a, b) => a - b)).toEqual([...model.keys()].sort((a, b) => a - b));
}

describe('NumberHashTable', () => {
  it('agrees with a Map through seeded random sets and deletes over a crowded key range (long probe runs, growth)', () => {
    const random = prng(11);
    const table = new NumberHashTable();
    const model = new Map<number, number>();
    for (let step = 0; step < 20_000; step++) {
      // Phases of growth and shrinkage; few distinct keys, so deletions often shift a run of neighbours back.
      const grow = Math.floor(step / 2_000) % 2 === 0 ? 0.65 : 0.35;
      const key = (Math.floor(random() * 3_000) - 1_500) * 1e6 + 0.0;
      if (random() < grow) {
        const value = step + 0.5;
        expect(table.set(key, value)).toBe(model.get(key) ?? NaN);
        model.set(key, value);
      } else {
        expect(table.delete(key)).toBe(model.get(key) ?? NaN);
        model.delete(key);
      }
      const probe = (Math.floor(random() * 3_200) - 1_600) * 1e6;
      expect(table.get(probe)).toBe(model.get(probe) ?? NaN);
      if (step % 999 === 0) expectHolds(table, model);
    }
    expectHolds(table, model);
  });

  it('keeps keys apart that differ only in their high bits, their sign, or a fraction', () => {
    const table = new NumberHashTable();
    const model = new Map<number, number>();
    const keys = [0, 1, -1, 2 ** 32, 2 ** 32 + 1, -(2 ** 32), 2 ** 40, 2 ** 52 + 2, -(2 ** 52), 0.5, 1.5, 2 ** 32 + 0.25];
    keys.forEach((key, i) => {
      table.set(key, i);
      model.set(key, i);
    });
    expectHolds(table, model);
    for (const key of [2 ** 33, 3, -2, 0.25]) expect(table.get(key)).toBeNaN();
    expect(table.delete(2 ** 32)).toBe(keys.indexOf(2 ** 32));
    model.delete(2 ** 32);
    expectHolds(table, model);
  });

  it('grows to keep probes short and shrinks again when most entries go', () => {
    const table = new NumberHashTable();
    const model = new Map<number, number>();
    for (let i = 0; i < 5_000; i++) {
      table.set(i * 1e6, i);
      model.set(i * 1e6, i);
    }
    expect(table.capacity).toBeGreaterThanOrEqual(5_000 / 0.8);
    expect(table.capacity).toBeLessThanOrEqual(4 * 5_000);
    for (let i = 10; i < 5_000; i++) {
      table.delete(i * 1e6);
      model.delete(i * 1e6);
    }
    expect(table.capacity).toBeLessThanOrEqual(128);
    expectHolds(table, model);
  });

  it('counts the keys not above a key, a NaN key counting them all', () => {
    const table = new NumberHashTable();
    const keys = Array.from({ length: 300 }, (_, i) => (i - 150) * 1e6);
    for (const key of keys) table.set(key, 1);
    for (const key of [-Infinity, -150e6, -1, 0, 1, 149e6, Infinity, NaN]) {
      expect(table.countAtMost(key)).toBe(keys.filter((k) => !(k > key)).length);
    }
  });

  it('answers NaN for what it does not hold, and works again after being cleared', () => {
    const table = new NumberHashTable();
    expect(table.get(5)).toBeNaN();
    expect(table.delete(5)).toBeNaN();
    for (let i = 0; i < 1_000; i++) table.set(i * 1e6, i);
    table.clear();
    expect(table.size).toBe(0);
    expect(table.get(5e6)).toBeNaN();
    const model = new Map([[7e6, 1], [8e6, 2]]);
    for (const [key, value] of model) table.set(key, value);
    expectHolds(table, model);
  });
});
