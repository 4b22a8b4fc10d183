import { createBTreeBook } from '@lob/book-btree';
import { decimalKey } from '@lob/core';
import { describe, expect, it } from '@jest/globals';
import { generateSynthetic } from './synthetic.js';

describe('generateSynthetic', () => {
  it('gives the same session for the same seed and another for another seed', () => {
    const a = generateSynthetic(1000, 200, 42);
    const b = generateSynthetic(1000, 200, 42);
    const c = generateSynthetic(1000, 200, 43);
    expect(b).toEqual(a);
    expect(c.events).not.toEqual(a.events);
  });

  it('starts with `depth` levels per side, best first, uncrossed', () => {
    const s = generateSynthetic(1000, 0, 1);
    expect(s.start.bids.length).toBe(1000);
    expect(s.start.asks.length).toBe(1000);
    const bids = s.start.bids.map((l) => decimalKey(l[0]));
    const asks = s.start.asks.map((l) => decimalKey(l[0]));
    expect(bids).toEqual([...bids].sort((x, y) => y - x));
    expect(asks).toEqual([...asks].sort((x, y) => x - y));
    expect(bids[0]!).toBeLessThan(asks[0]!);
  });

  it('is shaped like the recorded traffic: many deletions, changes near the top, steady depth, never crossed', () => {
    const depth = 1000;
    const s = generateSynthetic(depth, 2000, 9);
    // A real book (conformance-tested) rather than the reference model, which is too slow for 90 000 changes.
    const book = createBTreeBook();
    book.reset(s.start.bids, s.start.asks);
    let changes = 0;
    let zeros = 0;
    let nearTop = 0;
    for (const e of s.events) {
      const bestBid = decimalKey(book.best('bid')![0]);
      for (const [price, qty] of e.bids) {
        changes++;
        if (decimalKey(qty) === 0) zeros++;
        if (bestBid - decimalKey(price) < 0.25 * 4 * depth * 1e6) nearTop++; // within a quarter of the side's span
      }
      for (const [, qty] of e.asks) {
        changes++;
        if (decimalKey(qty) === 0) zeros++;
      }
      book.apply('bid', e.bids);
      book.apply('ask', e.asks);
      expect(decimalKey(book.best('bid')![0])).toBeLessThan(decimalKey(book.best('ask')![0]));
    }
    const perEvent = changes / s.events.length;
    expect(perEvent).toBeGreaterThan(30);
    expect(perEvent).toBeLessThan(60);
    expect(zeros / changes).toBeGreaterThan(0.4);
    expect(zeros / changes).toBeLessThan(0.56);
    expect(nearTop / (changes / 2)).toBeGreaterThan(0.5);
    for (const side of ['bid', 'ask'] as const) {
      expect(book.size(side)).toBeGreaterThan(depth * 0.9);
      expect(book.size(side)).toBeLessThan(depth * 1.1);
    }
  });
});
