import { describe, expect, it } from '@jest/globals';
import { ChangedBooks } from './changed-books.js';

describe('ChangedBooks', () => {
  it('holds one entry per book however often it changes, oldest change first', async () => {
    const changed = new ChangedBooks();
    for (let i = 0; i < 1000; i++) changed.mark(i % 2 === 0 ? 'A' : 'B');
    changed.mark('C');
    expect(changed.size).toBe(3);
    expect([await changed.take(), await changed.take(), await changed.take()]).toEqual(['A', 'B', 'C']);
    expect(changed.size).toBe(0);
  });

  it('puts a book taken behind the others on its next change, so a busy book cannot starve a quiet one', async () => {
    const changed = new ChangedBooks();
    changed.mark('busy');
    changed.mark('quiet');
    expect(await changed.take()).toBe('busy');
    changed.mark('busy');
    expect(await changed.take()).toBe('quiet');
    expect(await changed.take()).toBe('busy');
  });

  it('hands a change straight to a waiting reader, and ends waits on close', async () => {
    const changed = new ChangedBooks();
    const first = changed.take();
    changed.mark('A');
    expect(await first).toBe('A');
    const waiting = changed.take();
    changed.mark('B');
    changed.mark('C');
    changed.close();
    expect(await waiting).toBe('B');
    expect(await changed.take()).toBeUndefined();
    changed.mark('D');
    expect(changed.size).toBe(0);
  });
});
