import { createBTreeBook } from '@lob/book-btree';
import { ReferenceOrderBook } from '@lob/core/testing';
import type { Level, OrderBook } from '@lob/core';
import { describe, expect, it } from '@jest/globals';
import { bookEvent } from './book-event.js';
import { buildCycle } from './cycle.js';
import { generateSynthetic } from './synthetic.js';

function contents(book: OrderBook): { bids: Level[]; asks: Level[] } {
  return { bids: [...book.levels('bid')], asks: [...book.levels('ask')] };
}

describe('buildCycle', () => {
  it('ends where it starts, with the very level objects of the start', () => {
    const start = { bids: [['10', '1'], ['9', '2']] as Level[], asks: [['11', '1']] as Level[] };
    const forward = [
      bookEvent([['10', '0'], ['9.5', '3']], [['11', '4'], ['12', '1']]),
      // The same price twice in one event, and the removal of an absent level.
      bookEvent([['9.5', '5'], ['9.5', '0'], ['8', '0']], []),
    ];
    const cycle = buildCycle(start, forward);
    expect(cycle.events.length).toBe(4);
    expect(cycle.forwardCount).toBe(2);
    expect(cycle.changes).toBe(2 * (4 + 3));
    // The reference model keeps copies; identity needs a book that stores the levels it is handed.
    const book = createBTreeBook();
    book.reset(start.bids, start.asks);
    for (const e of cycle.events) {
      book.apply('bid', e.bids);
      book.apply('ask', e.asks);
    }
    expect(contents(book)).toEqual(start);
    expect(book.best('bid')).toBe(start.bids[0]);
  });

  it('restores a generated session exactly after the inverse half', () => {
    const session = generateSynthetic(100, 60, 7);
    const cycle = buildCycle(session.start, session.events);
    const book = new ReferenceOrderBook();
    const expected = new ReferenceOrderBook();
    book.reset(session.start.bids, session.start.asks);
    expected.reset(session.start.bids, session.start.asks);
    cycle.events.forEach((e, i) => {
      book.apply('bid', e.bids);
      book.apply('ask', e.asks);
      if (i === cycle.forwardCount - 1) expect(contents(book)).not.toEqual(contents(expected));
    });
    expect(contents(book)).toEqual(contents(expected));
  });
});
