import { describe, expect, it } from '@jest/globals';
import { BOOK_KINDS } from '../config/markets.js';
import { BOOK_FACTORIES } from './market-feeds.js';

describe('BOOK_FACTORIES', () => {
  it.each(BOOK_KINDS)('makes a working, empty book of kind %s', (kind) => {
    const book = BOOK_FACTORIES[kind]();
    expect(book.size('bid')).toBe(0);
    book.apply('bid', [['100.5', '2'], ['101', '0.25']]);
    expect(book.best('bid')).toEqual(['101', '0.25']);
  });

  it('offers exactly the kinds a user can pick, packed among them', () => {
    expect(Object.keys(BOOK_FACTORIES).sort()).toEqual([...BOOK_KINDS].sort());
    expect(BOOK_KINDS).toContain('packed');
  });
});
