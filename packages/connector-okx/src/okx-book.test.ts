import { createChunkedBook } from '@lob/book-chunked';
import type { Level } from '@lob/core';
import { describe, expect, it } from '@jest/globals';
import { applyOkxBookMessage } from './okx-book.js';
import type { OkxBookMessage } from './okx-messages.js';

const message = (kind: 'snapshot' | 'update', bids: Level[], asks: Level[]): OkxBookMessage => ({
  type: 'book',
  kind,
  channel: 'books',
  instId: 'BTC-USDT',
  bids,
  asks,
  checksum: 0,
  seqId: undefined,
  prevSeqId: undefined,
  ts: '0',
});

describe('applyOkxBookMessage', () => {
  it('a snapshot replaces everything held', () => {
    const book = createChunkedBook();
    applyOkxBookMessage(book, message('snapshot', [['10', '1'], ['9', '2']], [['11', '3']]));
    applyOkxBookMessage(book, message('snapshot', [['8', '5']], []));
    expect([...book.levels('bid')]).toEqual([['8', '5']]);
    expect(book.size('ask')).toBe(0);
  });

  it('an update sets levels, size "0" deletes, and deleting a price never held changes nothing', () => {
    const book = createChunkedBook();
    applyOkxBookMessage(book, message('snapshot', [['10', '1'], ['9', '2']], [['11', '3']]));
    applyOkxBookMessage(book, message('update', [['10', '0'], ['9.5', '4'], ['7', '0']], [['11', '3.50'], ['12', '0']]));
    expect([...book.levels('bid')]).toEqual([['9.5', '4'], ['9', '2']]);
    expect([...book.levels('ask')]).toEqual([['11', '3.50']]);
  });

  it('an empty update (OKX keepalive) changes nothing', () => {
    const book = createChunkedBook();
    applyOkxBookMessage(book, message('snapshot', [['10', '1']], [['11', '3']]));
    applyOkxBookMessage(book, message('update', [], []));
    expect([...book.levels('bid')]).toEqual([['10', '1']]);
    expect([...book.levels('ask')]).toEqual([['11', '3']]);
  });
});
