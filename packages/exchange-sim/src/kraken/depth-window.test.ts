import { describe, expect, it } from '@jest/globals';
import { SymbolBook, type Level } from '../market/true-book.js';
import { DepthWindow } from './depth-window.js';

/** A book with asks at ticks 101..(100+n) and bids at 90 down, quantity 1 each. */
function bookOf(n: number): SymbolBook {
  const book = new SymbolBook(1);
  for (let i = 0; i < n; i++) {
    book.seed('ask', 101 + i, 1n);
    book.seed('bid', 90 - i, 1n);
  }
  return book;
}

/** Applies one event of ask changes; returns what it touched. */
function askEvent(book: SymbolBook, changes: Level[]): { bids: Level[]; asks: Level[] } {
  book.beginEvent();
  for (const [tick, qty] of changes) book.set('ask', tick, qty);
  return book.endEvent(book.lastUpdateId + 1);
}

describe('DepthWindow', () => {
  it('sends a deletion inside the window and republishes the level that enters from below', () => {
    const book = bookOf(5);
    const window = new DepthWindow(3, book);
    const diff = window.advance(book, askEvent(book, [[102, 0n]]));
    expect(diff.asks).toEqual([
      { tick: 102, qty: 0n, republish: false },
      { tick: 104, qty: 1n, republish: true },
    ]);
    expect(diff.bids).toEqual([]);
  });

  it('sends a better level but no deletion for the one it pushes out (the client trims)', () => {
    const book = bookOf(5);
    const window = new DepthWindow(3, book);
    const diff = window.advance(book, askEvent(book, [[100, 7n]]));
    expect(diff.asks).toEqual([{ tick: 100, qty: 7n, republish: false }]);
  });

  it('sends nothing for changes beyond the window', () => {
    const book = bookOf(5);
    const window = new DepthWindow(3, book);
    const diff = window.advance(book, askEvent(book, [[105, 0n], [104, 9n]]));
    expect(diff.asks).toEqual([]);
  });
});
