import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ReferenceOrderBook } from '../testing/reference-order-book.js';
import type { Level } from '../types.js';
import type { OrderBook } from '../book/order-book.js';
import { BookSync, type BookSyncOptions } from './book-sync.js';
import type { DepthUpdate, StreamSnapshot } from './depth-update.js';
import type { SequencingRules } from './sequencing-rules.js';
import type { FeedEvent } from './sync-state.js';

// OKX-shaped rules written out here: an update applies when its prevLastId is the book's id; a repeat of the last
// one is stale; anything else is a gap. The checksum is the sum of the top-2 quantities of each side, so a test can
// compute it by hand.
const sumTop = (book: OrderBook): number =>
  [...book.top('bid', 2), ...book.top('ask', 2)].reduce((sum, [, quantity]) => sum + Number(quantity), 0);
const rules: SequencingRules = {
  classify: (u, id) => (u.prevLastId === id ? 'apply' : u.lastId === id ? 'stale' : 'gap'),
  verify: (book, message) => message.checksum === undefined || message.checksum === sumTop(book),
};

function snap(id: number, bids: Level[], asks: Level[], checksum?: number): StreamSnapshot {
  return { type: 'snapshot', symbol: 'BTC-USDT', lastUpdateId: id, eventTime: id, bids, asks, ...(checksum === undefined ? {} : { checksum }) };
}
function update(prev: number, id: number, bids: Level[] = [], asks: Level[] = [], checksum?: number): DepthUpdate {
  return { type: 'depth', symbol: 'BTC-USDT', firstId: id, lastId: id, prevLastId: prev, eventTime: id, bids, asks, ...(checksum === undefined ? {} : { checksum }) };
}

const running: BookSync[] = [];
afterEach(() => {
  for (const sync of running.splice(0)) sync.stop();
  jest.useRealTimers();
});

/** A BookSync whose snapshots come in the stream; `asked` records every resubscription it asks for. */
function harness(overrides: Partial<BookSyncOptions> = {}) {
  const asked: string[] = [];
  const events: FeedEvent[] = [];
  const sync = new BookSync({
    market: 'okx',
    symbol: 'BTC-USDT',
    rules,
    book: new ReferenceOrderBook(),
    depthWindow: { kind: 'exchange-maintained' },
    snapshots: 'stream',
    requestSnapshot: (symbol) => asked.push(symbol),
    onEvent: (e) => events.push(e),
    ...overrides,
  });
  running.push(sync);
  sync.streamOpened();
  return { sync, asked, events };
}

describe('BookSync with snapshots in the stream', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
  });

  it('waits for the subscription snapshot, ignores updates before it, then chains updates on it', () => {
    const { sync, asked } = harness();
    expect(sync.state).toBe('syncing');
    sync.onUpdate(update(4, 5, [['1', '9']]));
    expect(sync.book.size('bid')).toBe(0);
    sync.onSnapshot(snap(10, [['100', '1'], ['99', '2']], [['101', '3']]));
    expect(sync.state).toBe('live');
    expect(sync.lastUpdateId).toBe(10);
    sync.onUpdate(update(10, 11, [['99', '0'], ['98', '4']]));
    expect(sync.book.top('bid', 5)).toEqual([['100', '1'], ['98', '4']]);
    expect(sync.lastUpdateId).toBe(11);
    sync.onUpdate(update(10, 11, [['97', '1']]));
    expect(sync.stats.staleDropped).toBe(1);
    expect(sync.exactDepth).toEqual({ bids: 2, asks: 1 });
    expect(asked).toEqual([]);
  });

  it('resyncs a gap by asking the stream for a new snapshot of this symbol, never a REST fetch', () => {
    const { sync, asked } = harness();
    sync.onSnapshot(snap(10, [['100', '1']], [['101', '3']]));
    sync.onUpdate(update(12, 13, [['100', '5']]));
    expect(sync.state).toBe('resyncing');
    expect(sync.stats.resyncs.gap).toBe(1);
    expect(asked).toEqual(['BTC-USDT']);
    // Still in flight from the old subscription: the coming snapshot contains it.
    sync.onUpdate(update(13, 14, [['50', '1']]));
    expect(sync.book.quantityAt('bid', '50')).toBeUndefined();
    sync.onSnapshot(snap(20, [['90', '1']], [['91', '1']]));
    expect(sync.state).toBe('live');
    expect(sync.book.top('bid', 5)).toEqual([['90', '1']]);
  });

  it('resyncs on a checksum mismatch after an update, and on a snapshot whose checksum does not match', () => {
    const { sync, asked, events } = harness();
    sync.onSnapshot(snap(1, [['100', '1']], [['101', '2']], 3));
    expect(sync.state).toBe('live');
    expect(sync.checksum).toBe(3);
    sync.onUpdate(update(1, 2, [['100', '4']], [], 6));
    expect(sync.state).toBe('live');
    expect(sync.checksum).toBe(6);
    sync.onUpdate(update(2, 3, [['100', '5']], [], 6));
    expect(sync.state).toBe('resyncing');
    expect(sync.stats.resyncs.checksum).toBe(1);
    expect(events.some((e) => e.kind === 'book' && e.cause === 'checksum')).toBe(true);
    expect(asked).toHaveLength(1);
    sync.onSnapshot(snap(9, [['100', '1']], [['101', '2']], 4));
    expect(sync.state).toBe('resyncing');
    expect(sync.stats.resyncs.checksum).toBe(2);
  });

  it('trims each side to a client-trimmed window after every message, before the checksum is checked', () => {
    const { sync } = harness({ depthWindow: { kind: 'client-trimmed', depth: 2 } });
    sync.onSnapshot(snap(0, [['100', '1'], ['99', '1'], ['98', '1']], [['101', '1']], 3));
    expect(sync.state).toBe('live');
    expect(sync.book.size('bid')).toBe(2);
    // A better bid pushes 99 out of the window: the exchange sends no delete for it.
    sync.onUpdate(update(0, 0, [['100.5', '2']], [], 4));
    expect(sync.state).toBe('live');
    expect(sync.book.top('bid', 5)).toEqual([['100.5', '2'], ['100', '1']]);
    expect(sync.exactDepth).toEqual({ bids: 2, asks: 1 });
  });

  it('takes a second snapshot while live (a duplicate subscription) as the whole book, with no resync', () => {
    const { sync } = harness();
    sync.onSnapshot(snap(5, [['100', '1']], [['101', '1']]));
    sync.onSnapshot(snap(5, [['100', '2']], [['101', '1']]));
    expect(sync.state).toBe('live');
    expect(sync.book.quantityAt('bid', '100')).toBe('2');
    expect(sync.stats.resyncs).toEqual({});
  });

  it('asks again when no snapshot comes in time', async () => {
    const { sync, asked, events } = harness({ snapshotTimeoutMs: 5_000 });
    await jest.advanceTimersByTimeAsync(4_999);
    expect(asked).toEqual([]);
    await jest.advanceTimersByTimeAsync(2);
    expect(asked).toEqual(['BTC-USDT']);
    expect(events.some((e) => e.kind === 'snapshot' && e.outcome === 'failed' && e.error === 'timeout')).toBe(true);
    sync.onSnapshot(snap(1, [['1', '1']], [['2', '1']]));
    expect(sync.state).toBe('live');
  });

  it('spaces out resubscriptions of a symbol that keeps failing, and starts afresh after it stayed live', async () => {
    const { sync, asked } = harness({ random: () => 0.999 });
    sync.onSnapshot(snap(1, [['100', '1']], [['101', '1']]));
    sync.onUpdate(update(5, 6));
    expect(asked).toHaveLength(1);
    sync.onSnapshot(snap(1, [['100', '1']], [['101', '1']]));
    sync.onUpdate(update(5, 6));
    expect(asked).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(998);
    expect(asked).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(2);
    expect(asked).toHaveLength(2);
    sync.onSnapshot(snap(1, [['100', '1']], [['101', '1']]));
    await jest.advanceTimersByTimeAsync(31_000);
    sync.onUpdate(update(5, 6));
    expect(asked).toHaveLength(3);
  });

  it('ignores snapshots after it was stopped or found invalid', () => {
    const { sync } = harness();
    sync.invalidate('subscription refused');
    sync.onSnapshot(snap(1, [['100', '1']], [['101', '1']]));
    expect(sync.state).toBe('invalid');
    expect(sync.book.size('bid')).toBe(0);
  });
});
