import { describeOrderBookConformance, prng, ReferenceOrderBook } from '@lob/core/testing';
import type { Level, Side } from '@lob/core';
import { describe, expect, it } from '@jest/globals';
import { createChunkedBook } from './index.js';

describeOrderBookConformance('ChunkedOrderBook', createChunkedBook, { propertyRuns: 1000 });

describe('ChunkedOrderBook under heavy churn', () => {
  it('agrees with the reference model through thousands of chunk splits and merges', () => {
    const random = prng(42);
    const book = createChunkedBook();
    const model = new ReferenceOrderBook();
    let changes = 0;
    for (let round = 0; round < 40; round++) {
      for (const side of ['bid', 'ask'] as Side[]) {
        const levels: Level[] = [];
        // Waves of inserts over a wide range, then waves that delete most levels, so chunks split and merge.
        if (round % 4 === 3) {
          for (const [price] of model.levels(side)) if (random() < 0.85) levels.push([price, '0']);
        } else {
          for (let i = 0; i < 600; i++) {
            const price = (Math.floor(random() * 20_000) / 100).toFixed(2);
            levels.push([price, random() < 0.2 ? '0' : (random() * 10).toFixed(8)]);
          }
        }
        book.apply(side, levels);
        model.apply(side, levels);
        changes += levels.length;
      }
      for (const side of ['bid', 'ask'] as Side[]) {
        expect(book.size(side)).toBe(model.size(side));
        expect(book.best(side)).toEqual(model.best(side));
      }
    }
    for (const side of ['bid', 'ask'] as Side[]) expect([...book.levels(side)]).toEqual([...model.levels(side)]);
    expect(book.size('bid')).toBeGreaterThan(100);
    expect(changes).toBeGreaterThan(40_000);
  });
});
