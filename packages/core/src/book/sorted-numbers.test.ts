import { describe, expect, it } from '@jest/globals';
import { bisect, chunkOf, insertAt, removeAt } from './sorted-numbers.js';

describe('bisect', () => {
  it('finds the first key not below the one sought, at both ends and between keys', () => {
    const keys = [10, 20, 30];
    expect([5, 10, 15, 20, 30, 35].map((k) => bisect(keys, k))).toEqual([0, 0, 1, 1, 2, 3]);
    expect(bisect([], 1)).toBe(0);
  });

  it('orders negated keys, as bids are held', () => {
    expect(bisect([-30.5, -20, -0], -20)).toBe(1);
    expect(bisect([-30.5, -20, -0], 0)).toBe(2);
  });
});

describe('chunk shifts', () => {
  it.each([0, 1, 2, 3])('inserts at %i, moving what follows', (i) => {
    const chunk = [1, 2, 3];
    insertAt(chunk, i, 9.5);
    const expected = [1, 2, 3];
    expected.splice(i, 0, 9.5);
    expect(chunk).toEqual(expected);
  });

  it.each([0, 1, 2])('removes at %i, moving what follows', (i) => {
    const chunk = [1, 2, 3];
    removeAt(chunk, i);
    const expected = [1, 2, 3];
    expected.splice(i, 1);
    expect(chunk).toEqual(expected);
  });

  it('empties a one-item chunk', () => {
    const chunk = chunkOf(7);
    removeAt(chunk, 0);
    expect(chunk).toEqual([]);
  });

  it('starts a chunk holding exactly the number given', () => {
    expect(chunkOf(5)).toEqual([5]);
    expect(chunkOf(-1)).toEqual([-1]);
    expect(chunkOf(2 ** 52 + 0.5)).toEqual([2 ** 52 + 0.5]);
  });
});
