import { insertAt, removeAt, type Level } from '@lob/core';
import { describe, expect, it } from '@jest/globals';
import { insertLevel, removeLevel } from './sorted-chunk.js';

const level = (n: number): Level => [String(n), '1'];

describe('chunk shifts', () => {
  it.each([0, 1, 2, 3])('inserts at %i, moving what follows', (i) => {
    const keys = [1, 2, 3];
    const levels = keys.map(level);
    insertAt(keys, i, 9);
    insertLevel(levels, i, level(9));
    const expected = [1, 2, 3];
    expected.splice(i, 0, 9);
    expect(keys).toEqual(expected);
    expect(levels).toEqual(expected.map(level));
  });

  it.each([0, 1, 2])('removes at %i, moving what follows', (i) => {
    const keys = [1, 2, 3];
    const levels = keys.map(level);
    removeAt(keys, i);
    removeLevel(levels, i);
    const expected = [1, 2, 3];
    expected.splice(i, 1);
    expect(keys).toEqual(expected);
    expect(levels).toEqual(expected.map(level));
  });

  it('empties a one-item chunk', () => {
    const keys = [1];
    const levels = [level(1)];
    removeAt(keys, 0);
    removeLevel(levels, 0);
    expect(keys).toEqual([]);
    expect(levels).toEqual([]);
  });
});
