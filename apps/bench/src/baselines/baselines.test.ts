import { describeOrderBookConformance } from '@lob/core/testing';
import { describe, expect, it } from '@jest/globals';
import { floatKey } from './float-key.js';
import { createHashMapBook } from './hash-map-book.js';
import { createNaiveBTreeBook } from './naive-btree-book.js';
import { createSortedArrayBook } from './sorted-array-book.js';

// Fewer property runs than the real books: the baselines are measuring sticks, not shipped code.
describeOrderBookConformance('SortedArrayBook (ccxt-style)', createSortedArrayBook, { propertyRuns: 200 });
describeOrderBookConformance('HashMapBook (node-binance-api-style)', createHashMapBook, { propertyRuns: 200 });
describeOrderBookConformance('NaiveBTreeBook (parseFloat keys)', createNaiveBTreeBook, { propertyRuns: 200 });

describe('floatKey', () => {
  it('is parseFloat for real prices', () => {
    expect(floatKey('61837.63000000')).toBe(61837.63);
    expect(floatKey('0.00000001')).toBe(1e-8);
  });

  it('keeps 8-decimal prices above 2^25 apart and in order, where parseFloat merges them', () => {
    expect(parseFloat('90071992.54740991')).toBe(parseFloat('90071992.54740990'));
    expect(floatKey('90071992.54740991')).toBeGreaterThan(floatKey('90071992.54740990'));
    expect(floatKey('33554432')).toBeGreaterThan(floatKey('33554431.99999999'));
  });
});
