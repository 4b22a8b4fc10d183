import { createChunkedBook } from '@lob/book-chunked';
import type { Level } from '@lob/core';
import { describe, expect, it } from '@jest/globals';
import { BookDiffSource } from './book-diff-source.js';
import { BookReplica } from './book-replica.js';
import type { BookStreamMessage, DiffMessage } from './messages.js';
import { ReplicaError } from './replica-error.js';
import { levelsOf, ScriptedBook } from './testing/scripted-book.js';

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A deterministic pseudo-random sequence (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomLevels(next: () => number, base: number, step: number): Level[] {
  const out: Level[] = [];
  for (let i = 0; i < 1 + Math.floor(next() * 4); i++) {
    const price = (base + step * Math.floor(next() * 40)).toFixed(2);
    out.push([price, next() < 0.3 ? '0' : (next() * 5).toFixed(3)]);
  }
  return out;
}

describe('BookReplica', () => {
  it("equals the source's book after every message of a stream with resyncs in it", async () => {
    const next = random(7);
    const book = new ScriptedBook();
    const replica = new BookReplica('binance-spot', 'BTCUSDT', createChunkedBook());
    const source = new BookDiffSource({ view: book.view, hasUpdateIds: true, emit: (m) => replica.apply(m) });
    for (const event of book.goLive([['100.00', '1']], [['140.00', '1']], 1)) source.onEvent(event);
    await settle();
    let checked = 0;
    let levels = 0;
    for (let round = 0; round < 400; round++) {
      if (round % 97 === 96) {
        source.onEvent(book.leave('a scripted gap'));
        expect(replica.live).toBe(false);
        for (const event of book.goLive(randomLevels(next, 60, 1), randomLevels(next, 141, 1), 10_000 + round)) source.onEvent(event);
        await settle();
      }
      const bids = randomLevels(next, 60, 1);
      const asks = randomLevels(next, 141, 1);
      levels += bids.length + asks.length;
      source.onUpdate(book.apply(bids, asks));
      expect(replica.live).toBe(true);
      expect(levelsOf(replica.book)).toEqual(levelsOf(book.view.book));
      expect(replica.lastUpdateId).toBe(book.view.lastUpdateId);
      checked++;
    }
    expect(checked).toBe(400);
    expect(replica.snapshots).toBe(5);
    expect([replica.diffs, replica.levelsApplied]).toEqual([400, levels]);
  });

  it('throws a gap and waits for a snapshot when a change is missing', async () => {
    const book = new ScriptedBook();
    const sent: BookStreamMessage[] = [];
    const source = new BookDiffSource({ view: book.view, hasUpdateIds: true, emit: (m) => sent.push(m) });
    for (const event of book.goLive([['100', '1']], [['101', '1']], 1)) source.onEvent(event);
    await settle();
    for (let i = 0; i < 3; i++) source.onUpdate(book.apply([[`9${i}`, '1']], []));
    const replica = new BookReplica('binance-spot', 'BTCUSDT', createChunkedBook());
    replica.apply(sent[0]!);
    replica.apply(sent[1]!);
    expect(() => replica.apply(sent[3]!)).toThrow(ReplicaError);
    expect(replica).toMatchObject({ live: false, state: 'resyncing', seq: 1 });
    expect(replica.apply(sent[2]!)).toBe('waiting');
    replica.apply(source.snapshot()!);
    expect(replica.live).toBe(true);
    expect(levelsOf(replica.book)).toEqual(levelsOf(book.view.book));
  });

  it('ignores a change it already holds, but not one numbered by another producer', () => {
    const replica = new BookReplica('okx', 'BTC-USDT', createChunkedBook());
    const base = { type: 'snapshot', market: 'okx', symbol: 'BTC-USDT', state: 'live', seq: 5, origin: 'a', exactDepth: { bids: 1, asks: 1 }, bids: [['1', '1']], asks: [['2', '1']], time: 0, eventTime: null, receivedAt: null, appliedAt: null } as const;
    replica.apply({ ...base, bids: [['1', '1']], asks: [['2', '1']] });
    const diff = (seq: number, origin: string): DiffMessage => ({ type: 'diff', market: 'okx', symbol: 'BTC-USDT', seq, origin, firstId: 0, lastId: 0, bids: [['1', '2']], asks: [], levels: { bids: 1, asks: 1 }, eventTime: null, receivedAt: null, appliedAt: null });
    expect(replica.apply(diff(5, 'a'))).toBe('stale');
    expect(replica.book.best('bid')).toEqual(['1', '1']);
    expect(() => replica.apply(diff(1, 'b'))).toThrow(/another|from b/);
    expect(replica.live).toBe(false);
  });

  it("drops its worst levels beyond the count lob holds after a change (a book lob trims to a depth)", () => {
    const replica = new BookReplica('kraken', 'BTC/USD', createChunkedBook());
    replica.apply({ type: 'snapshot', market: 'kraken', symbol: 'BTC/USD', state: 'live', seq: 0, exactDepth: { bids: 2, asks: 1 }, bids: [['10', '1'], ['9', '1']], asks: [['11', '1']], time: 0, eventTime: null, receivedAt: null, appliedAt: null });
    replica.apply({ type: 'diff', market: 'kraken', symbol: 'BTC/USD', seq: 1, firstId: 0, lastId: 0, bids: [['9.5', '2']], asks: [], levels: { bids: 2, asks: 1 }, eventTime: null, receivedAt: null, appliedAt: null });
    expect(levelsOf(replica.book).bids).toEqual([['10', '1'], ['9.5', '2']]);
  });
});
