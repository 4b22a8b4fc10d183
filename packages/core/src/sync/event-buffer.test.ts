import { describe, expect, it } from '@jest/globals';
import { ReferenceOrderBook } from '../testing/reference-order-book.js';
import type { Level } from '../types.js';
import { BookSync } from './book-sync.js';
import { rules } from './book-sync.test-support.js';
import type { DepthUpdate } from './depth-update.js';
import { BufferBudget, EventBuffer, estimateBytes } from './event-buffer.js';
import type { FeedEvent } from './sync-state.js';

const LEVELS: Level[] = Array.from({ length: 46 }, (_, i) => [`${60_000 + i}.01`, '0.5']);
const update = (id: number, symbol = 'BTCUSDT'): DepthUpdate => ({
  type: 'depth',
  symbol,
  firstId: id,
  lastId: id,
  prevLastId: undefined,
  eventTime: id,
  bids: LEVELS,
  asks: [],
});

describe('EventBuffer', () => {
  it('is first in, first out across growth and wrap-around', () => {
    const buffer = new EventBuffer();
    let next = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 7; i++) buffer.push(update(round * 7 + i), 0);
      for (let i = 0; i < 5; i++) expect(buffer.shift()?.lastId).toBe(next++);
    }
    expect(buffer.toArray().map((u) => u.lastId)).toEqual(Array.from({ length: buffer.length }, (_, i) => next + i));
    expect(buffer.at(0)?.lastId).toBe(next);
  });

  it('keeps each event\'s receive time beside it across growth and wrap-around', () => {
    const buffer = new EventBuffer();
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 7; i++) buffer.push(update(round * 7 + i), 0, (round * 7 + i) + 0.25);
      for (let i = 0; i < 5; i++) buffer.shift();
    }
    for (let i = 0; i < buffer.length; i++) expect(buffer.receivedAt(i)).toBe((buffer.at(i)?.lastId ?? -1) + 0.25);
  });

  it('keeps at most maxEvents, dropping the oldest', () => {
    const buffer = new EventBuffer({ maxEvents: 100 });
    for (let i = 0; i < 1_000; i++) buffer.push(update(i), 0);
    expect(buffer.length).toBe(100);
    expect(buffer.at(0)?.lastId).toBe(900);
    expect(buffer.dropped).toBe(900);
    expect(buffer.lastTrim).toBe('events');
  });

  it('keeps at most maxBytes by its estimate, and always the newest event', () => {
    const each = estimateBytes(update(0));
    const buffer = new EventBuffer({ maxBytes: each * 10 });
    for (let i = 0; i < 1_000; i++) buffer.push(update(i), 0);
    expect(buffer.length).toBe(10);
    expect(buffer.bytes).toBeLessThanOrEqual(each * 10);
    const tiny = new EventBuffer({ maxBytes: 1 });
    tiny.push(update(1), 0);
    tiny.push(update(2), 0);
    expect(tiny.toArray().map((u) => u.lastId)).toEqual([2]);
  });

  it('drops events received longer ago than maxAgeMs', () => {
    const buffer = new EventBuffer({ maxAgeMs: 1_000 });
    for (let t = 0; t <= 5_000; t += 100) buffer.push(update(t), t);
    expect(buffer.at(0)?.lastId).toBe(4_000);
    expect(buffer.lastTrim).toBe('age');
  });

  it('gives back what it held to the shared budget when it drops or clears', () => {
    const budget = new BufferBudget(estimateBytes(update(0)) * 30);
    const a = new EventBuffer({ budget });
    const b = new EventBuffer({ budget });
    for (let i = 0; i < 100; i++) {
      a.push(update(i), 0);
      b.push(update(i), 0);
    }
    expect(budget.used).toBeLessThanOrEqual(budget.limitBytes);
    expect(budget.used).toBe(a.bytes + b.bytes);
    expect(b.lastTrim).toBe('global');
    a.clear();
    b.clear();
    expect(budget.used).toBe(0);
  });
});

describe('buffers while snapshots are blocked', () => {
  it('stay bounded for many symbols at full rate, and the shared cap is told once per symbol', () => {
    const budget = new BufferBudget(64 * 1024 * 1024);
    const events: FeedEvent[] = [];
    let now = 0;
    const symbols = Array.from({ length: 40 }, (_, i) => `SYM${i}USDT`);
    const syncs = symbols.map(
      (symbol) =>
        new BookSync({
          market: 'spot',
          symbol,
          rules,
          book: new ReferenceOrderBook(),
          // The REST endpoint never answers: every symbol buffers for as long as the test runs.
          fetchSnapshot: () => new Promise(() => undefined),
          onEvent: (e) => events.push(e),
          bufferBudget: budget,
          maxBufferedBytes: 4 * 1024 * 1024,
          now: () => now,
        }),
    );
    for (const sync of syncs) sync.streamOpened();
    const heapBefore = process.memoryUsage().heapUsed;
    // 10 events a second per symbol for 5 simulated minutes: 3 000 events of ~5 KB per symbol, 600 MB unbounded.
    for (let tick = 0; tick < 3_000; tick++) {
      now += 100;
      for (const sync of syncs) sync.onUpdate(update(tick + 1, sync.symbol));
    }
    expect(budget.used).toBeLessThanOrEqual(budget.limitBytes);
    expect(budget.trims).toBeGreaterThan(0);
    const told = events.filter((e) => e.kind === 'buffer');
    expect(new Set(told.map((e) => e.symbol)).size).toBe(told.length);
    expect(told.every((e) => e.kind === 'buffer' && (e.bound === 'global' || e.bound === 'bytes' || e.bound === 'age'))).toBe(true);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(256 * 1024 * 1024);
    for (const sync of syncs) sync.stop();
    expect(budget.used).toBe(0);
  });
});
