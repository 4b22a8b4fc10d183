import { describe, expect, it } from '@jest/globals';
import { BTreeOrderBook } from '@lob/book-btree';
import { ChunkedOrderBook } from '@lob/book-chunked';
import type { MarketSettings } from '../config/settings.js';
import { WorkerBookSource } from './worker-book-source.js';

const settings = (book: MarketSettings['book']): MarketSettings => ({ exchange: 'binance', market: 'binance-spot', symbols: ['btcusdt', 'ETHUSDT'], book, depth: 10 });

describe('WorkerBookSource', () => {
  it('keeps a copy of each worker book in the structure chosen, keyed by the venue spelling', () => {
    const source = new WorkerBookSource(settings('btree'), true, undefined, (s) => s.toUpperCase());
    expect(source.books().map((view) => view.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    for (const view of source.books()) expect(view.book).toBeInstanceOf(BTreeOrderBook);
  });

  it('copies a book of numbers into a chunked book, since the copy is fed the diffs as strings', () => {
    const source = new WorkerBookSource(settings('packed'), true, undefined);
    for (const view of source.books()) {
      expect(view.book).toBeInstanceOf(ChunkedOrderBook);
      expect(view.book.applySpelled).toBeUndefined();
    }
  });
});
