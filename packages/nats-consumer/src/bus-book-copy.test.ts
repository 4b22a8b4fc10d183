import { createChunkedBook } from '@lob/book-chunked';
import { BookDiffSource, type BookStreamMessage, type DiffMessage } from '@lob/book-stream';
import { levelsOf, ScriptedBook } from '@lob/book-stream/testing';
import { describe, expect, it } from '@jest/globals';
import { BusBookCopy } from './bus-book-copy.js';
import type { BusSnapshot } from './bus-names.js';

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A live book, its diff stream as sent, and a way to take a stored snapshot of it at any point. */
async function liveStream(): Promise<{ book: ScriptedBook; sent: BookStreamMessage[]; step: () => void; stored: () => BusSnapshot }> {
  const book = new ScriptedBook('okx', 'BTC-USDT');
  const sent: BookStreamMessage[] = [];
  const source = new BookDiffSource({ view: book.view, hasUpdateIds: true, origin: 'a', emit: (m) => sent.push(m) });
  for (const event of book.goLive([['100', '1']], [['200', '1']], 1)) source.onEvent(event);
  await settle();
  let n = 0;
  const step = (): void => {
    n++;
    source.onUpdate(book.apply([[String(100 - (n % 9)), String(n)]], [[String(200 + (n % 7)), n % 3 === 0 ? '0' : '2']]));
  };
  return { book, sent, step, stored: () => ({ ...source.snapshot()!, streamSeq: sent.length }) };
}

describe('BusBookCopy', () => {
  it('waits after a missing change, keeps what follows, and goes live from a newer stored snapshot without a hole', async () => {
    const { book, sent, step, stored } = await liveStream();
    const copy = new BusBookCopy('okx', 'BTC-USDT', createChunkedBook());
    for (let i = 0; i < 10; i++) step();
    copy.onStreamMessage(sent[0]!); // the stream's snapshot
    for (const m of sent.slice(1, 5)) copy.onStreamMessage(m);
    // Change 5 is lost; 6.. arrive.
    for (const m of sent.slice(6, 8)) copy.onStreamMessage(m);
    expect(copy.live).toBe(false);
    expect(copy.gaps).toBe(1);
    const snapshot = stored(); // at change 10, stored while 8.. were on their way
    for (const m of sent.slice(8)) copy.onStreamMessage(m);
    copy.onStoredSnapshot(snapshot);
    expect(copy.live).toBe(true);
    step();
    copy.onStreamMessage(sent.at(-1)!);
    expect(levelsOf(copy.replica.book)).toEqual(levelsOf(book.view.book));
    expect(copy.replica.lastUpdateId).toBe(book.view.lastUpdateId);
  });

  it('does not go live from a stored snapshot older than the hole, and does from the next one', async () => {
    const { book, sent, step, stored } = await liveStream();
    const copy = new BusBookCopy('okx', 'BTC-USDT', createChunkedBook());
    for (let i = 0; i < 3; i++) step();
    const old = stored(); // at change 3
    for (let i = 0; i < 5; i++) step();
    copy.onStreamMessage(sent[0]!);
    copy.onStreamMessage(sent[7]!); // 1..6 lost
    copy.onStoredSnapshot(old);
    expect(copy.live).toBe(false);
    copy.onStreamMessage(sent[8]!);
    copy.onStoredSnapshot(stored()); // at change 8, which it has
    expect(copy.live).toBe(true);
    expect(levelsOf(copy.replica.book)).toEqual(levelsOf(book.view.book));
  });

  it("starts from the stream's own snapshot, dropping what it kept before it", async () => {
    const { book, sent, step } = await liveStream();
    const copy = new BusBookCopy('okx', 'BTC-USDT', createChunkedBook());
    for (let i = 0; i < 4; i++) step();
    for (const m of sent.slice(2)) copy.onStreamMessage(m); // a copy that joined mid-stream: no start yet
    expect(copy.live).toBe(false);
    const again = new BusBookCopy('okx', 'BTC-USDT', createChunkedBook());
    for (const m of sent) again.onStreamMessage(m);
    expect(again.live).toBe(true);
    expect(levelsOf(again.replica.book)).toEqual(levelsOf(book.view.book));
  });

  it('holds what the stream carried up to its stored snapshot (a reader passes over it unread), nothing after, nothing while it waits', async () => {
    const { sent, step, stored } = await liveStream();
    const copy = new BusBookCopy('okx', 'BTC-USDT', createChunkedBook());
    for (let i = 0; i < 10; i++) step();
    const snapshot = stored(); // the stream's sequences 1..11 (the snapshot and 10 changes) are in it
    expect(copy.holds(1)).toBe(false); // no start yet: it must read everything
    copy.onStoredSnapshot(snapshot);
    expect(copy.live).toBe(true);
    expect([1, 5, 11].map((seq) => copy.holds(seq))).toEqual([true, true, true]);
    expect(copy.holds(12)).toBe(false);
    step();
    const next = sent[11] as DiffMessage;
    copy.onStreamMessage(next); // the change after the snapshot applies on top of it
    expect(copy.replica.seq).toBe(next.seq);
    copy.onStreamMessage({ ...next, seq: next.seq + 5 }); // a hole: it waits, and reads again
    expect(copy.live).toBe(false);
    expect(copy.holds(1)).toBe(false);
  });

  it('keeps at most its bound of messages while it waits', async () => {
    const { sent, step } = await liveStream();
    const copy = new BusBookCopy('okx', 'BTC-USDT', createChunkedBook(), 5);
    for (let i = 0; i < 20; i++) step();
    for (const m of sent.slice(1)) copy.onStreamMessage(m);
    expect(copy.kept).toBe(5);
  });
});

describe('BusBookCopy, read from an older place in the stream', () => {
  it('never goes back in time: an older snapshot of the same producer is skipped', async () => {
    const { book, sent, step, stored } = await liveStream();
    for (let i = 0; i < 6; i++) step();
    const copy = new BusBookCopy('okx', 'BTC-USDT', createChunkedBook());
    copy.onStoredSnapshot(stored()); // at change 6
    const seen: number[] = [];
    for (const m of sent) {
      copy.onStreamMessage(m); // from the start: snapshot 0, then 1..6 it already holds
      seen.push(copy.replica.seq);
    }
    expect(seen).toEqual([6, 6, 6, 6, 6, 6, 6]);
    expect(levelsOf(copy.replica.book)).toEqual(levelsOf(book.view.book));
  });
});
