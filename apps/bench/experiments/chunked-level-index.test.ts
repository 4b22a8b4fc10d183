import { createBTreeBook } from '@lob/book-btree';
import { SortedOrderBook } from '@lob/core';
import { describeOrderBookConformance } from '@lob/core/testing';
import { describe, expect, it } from 'vitest';
import { generateSynthetic } from '../src/workloads/synthetic.js';
import { ChunkedLevelIndex } from './chunked-level-index.js';

const createChunkedBook = () => new SortedOrderBook(() => new ChunkedLevelIndex());

describeOrderBookConformance('SortedOrderBook on ChunkedLevelIndex', createChunkedBook, { propertyRuns: 500 });

describe('ChunkedLevelIndex under real churn', () => {
  it('agrees with book-btree level for level through splits and merges of thousands of levels', () => {
    const session = generateSynthetic(5_000, 400, 11);
    const ours = createChunkedBook();
    const reference = createBTreeBook();
    ours.reset(session.start.bids, session.start.asks);
    reference.reset(session.start.bids, session.start.asks);
    for (const event of session.events) {
      for (const book of [ours, reference]) {
        book.apply('bid', event.bids);
        book.apply('ask', event.asks);
      }
      expect(ours.best('bid')).toBe(reference.best('bid'));
      expect(ours.best('ask')).toBe(reference.best('ask'));
    }
    for (const side of ['bid', 'ask'] as const) {
      expect(ours.size(side)).toBe(reference.size(side));
      expect([...ours.levels(side)]).toEqual([...reference.levels(side)]);
    }
  });
});
