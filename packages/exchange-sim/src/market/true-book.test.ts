import { describe, expect, it } from '@jest/globals';
import { SideBook, SymbolBook } from './true-book.js';

describe('SideBook', () => {
  it('keeps bids best (highest) first and asks best (lowest) first', () => {
    const bids = new SideBook('bid');
    const asks = new SideBook('ask');
    for (const t of [5, 9, 1, 7]) {
      bids.set(t, 1n);
      asks.set(t, 1n);
    }
    expect(bids.top().map(([t]) => t)).toEqual([9, 7, 5, 1]);
    expect(asks.top().map(([t]) => t)).toEqual([1, 5, 7, 9]);
    bids.set(7, 0n);
    expect(bids.top(2).map(([t]) => t)).toEqual([9, 5]);
    expect(bids.size).toBe(3);
  });

  it('treats removing an absent level as a no-op', () => {
    const side = new SideBook('ask');
    side.set(3, 2n);
    side.set(4, 0n);
    expect(side.top()).toEqual([[3, 2n]]);
  });
});

describe('SymbolBook', () => {
  it('reports each touched level once per event, with its final value', () => {
    const book = new SymbolBook(10);
    book.seed('bid', 100, 5n);
    book.beginEvent();
    book.set('bid', 100, 7n);
    book.set('bid', 100, 8n);
    book.set('ask', 105, 0n); // removal of a level that was never there is still sent
    const changes = book.endEvent(20);
    expect(changes.bids).toEqual([[100, 8n]]);
    expect(changes.asks).toEqual([[105, 0n]]);
    expect(book.lastUpdateId).toBe(20);
  });

  it('rebuilds an older state from its history for stale snapshots', () => {
    const book = new SymbolBook(10);
    book.seed('bid', 100, 5n);
    book.seed('ask', 101, 5n);
    const before = book.snapshot();
    book.beginEvent();
    book.set('bid', 100, 0n);
    book.set('bid', 99, 3n);
    book.endEvent(15);
    book.beginEvent();
    book.set('ask', 101, 9n);
    book.endEvent(22);
    expect(book.snapshot(undefined, 2)).toEqual(before);
    expect(book.snapshot(undefined, 1)).toEqual({ lastUpdateId: 15, bids: [[99, 3n]], asks: [[101, 5n]] });
    // The live book is untouched by rebuilding the past.
    expect(book.snapshot()).toEqual({ lastUpdateId: 22, bids: [[99, 3n]], asks: [[101, 9n]] });
  });
});
