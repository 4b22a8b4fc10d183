import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { ReferenceOrderBook } from '../testing/reference-order-book.js';
import { priceKey } from '../book/price-key.js';
import type { OrderBook } from '../book/order-book.js';
import type { BookSnapshot, Level } from '../types.js';
import type { DepthUpdate } from './depth-update.js';
import { SnapshotError } from '../errors.js';
import { BookSync } from './book-sync.js';
import { event, harness, rules, snapshot, until } from './book-sync.test-support.js';

describe('BookSync', () => {
  it('buffers from the first event, asks for the snapshot only then, drops stale events and applies the rest', async () => {
    const { sync, requests } = harness();
    sync.streamOpened();
    expect(requests).toHaveLength(0);
    sync.onUpdate(event(90, 100, [['10', '1']]));
    sync.onUpdate(event(101, 105, [['11', '2']]));
    expect(requests).toHaveLength(1);
    expect(sync.state).toBe('syncing');
    sync.onUpdate(event(106, 110, [], [['12', '3']]));
    requests[0]!.resolve(snapshot(103, [['9', '5']], [['13', '1']]));
    await Promise.resolve();
    expect(sync.state).toBe('live');
    expect(sync.lastUpdateId).toBe(110);
    expect([...sync.book.levels('bid')]).toEqual([['11', '2'], ['9', '5']]);
    expect([...sync.book.levels('ask')]).toEqual([['12', '3'], ['13', '1']]);
    expect(sync.stats.staleDropped).toBe(1);
  });

  it('fetches again, keeping the buffer, when the snapshot is older than the first buffered event', async () => {
    const { sync, requests, events } = harness();
    sync.streamOpened();
    sync.onUpdate(event(200, 210, [['10', '1']]));
    requests[0]!.resolve(snapshot(150, [['1', '1']], [['20', '1']]));
    await until(() => requests.length === 2);
    expect(sync.state).toBe('syncing');
    expect(events.some((e) => e.kind === 'snapshot' && e.outcome === 'older-than-stream')).toBe(true);
    expect(requests).toHaveLength(2);
    sync.onUpdate(event(211, 215, [['11', '1']]));
    requests[1]!.resolve(snapshot(205, [['2', '1']], [['20', '1']]));
    await until(() => sync.state === 'live');
    expect(sync.state).toBe('live');
    expect(sync.lastUpdateId).toBe(215);
    expect(sync.book.top('bid', 5)).toEqual([['11', '1'], ['10', '1'], ['2', '1']]);
  });

  it('resyncs on a gap with a fresh book: no level from before the resync survives', async () => {
    const { sync, requests, events } = harness();
    sync.streamOpened();
    sync.onUpdate(event(1, 1));
    requests[0]!.resolve(snapshot(0, [['5', '1'], ['4', '1']], [['6', '1']]));
    await Promise.resolve();
    sync.onUpdate(event(2, 3, [['4.5', '7']]));
    expect(sync.book.quantityAt('bid', '4.5')).toBe('7');
    sync.onUpdate(event(10, 12, [['5', '2']]));
    expect(sync.state).toBe('resyncing');
    expect(sync.reason).toMatch(/^gap/);
    expect(sync.stats.resyncs.gap).toBe(1);
    expect(requests).toHaveLength(2);
    requests[1]!.resolve(snapshot(11, [['3', '1']], [['7', '1']]));
    await Promise.resolve();
    expect(sync.state).toBe('live');
    expect(sync.lastUpdateId).toBe(12);
    expect([...sync.book.levels('bid')]).toEqual([['5', '2'], ['3', '1']]);
    expect(sync.book.quantityAt('bid', '4.5')).toBeUndefined();
    expect(events.filter((e) => e.kind === 'book').map((e) => (e as { state: string }).state)).toEqual(['syncing', 'live', 'resyncing', 'live']);
  });

  it('throws away a snapshot that arrives for a superseded attempt', async () => {
    const { sync, requests } = harness();
    sync.streamOpened();
    sync.onUpdate(event(1, 5));
    sync.resync('manual', 'operator', event(6, 9, [['1', '1']]));
    expect(requests[0]!.signal.aborted).toBe(true);
    requests[0]!.resolve(snapshot(5, [['99', '1']], []));
    await Promise.resolve();
    expect(sync.state).toBe('resyncing');
    requests[1]!.resolve(snapshot(7, [['2', '1']], []));
    await Promise.resolve();
    expect(sync.state).toBe('live');
    expect(sync.book.quantityAt('bid', '99')).toBeUndefined();
  });

  it('waits for a bridging event when the snapshot is newer than everything buffered, and resyncs if none bridges', async () => {
    const { sync, requests } = harness();
    sync.streamOpened();
    sync.onUpdate(event(1, 5));
    requests[0]!.resolve(snapshot(8, [['1', '1']], [['2', '1']]));
    await Promise.resolve();
    expect(sync.state).toBe('live');
    expect(sync.lastUpdateId).toBe(8);
    sync.onUpdate(event(6, 8));
    expect(sync.state).toBe('live');
    sync.onUpdate(event(9, 12, [['1.5', '1']]));
    expect(sync.lastUpdateId).toBe(12);
    sync.onUpdate(event(14, 15));
    expect(sync.state).toBe('resyncing');
  });

  it('resyncs instead of applying an event that leaves the book crossed', async () => {
    const { sync, requests } = harness();
    sync.streamOpened();
    sync.onUpdate(event(1, 1));
    requests[0]!.resolve(snapshot(0, [['5', '1']], [['6', '1']]));
    await Promise.resolve();
    sync.onUpdate(event(2, 2, [['6.5', '1']]));
    expect(sync.state).toBe('resyncing');
    expect(sync.reason).toMatch(/^crossed book/);
  });

  it('resyncs on an invalid level instead of throwing', async () => {
    const { sync, requests } = harness();
    sync.streamOpened();
    sync.onUpdate(event(1, 1));
    requests[0]!.resolve(snapshot(0, [['5', '1']], [['6', '1']]));
    await Promise.resolve();
    expect(() => sync.onUpdate(event(2, 2, [['abc', '1']]))).not.toThrow();
    expect(sync.state).toBe('resyncing');
    expect(sync.reason).toMatch(/^invalid level/);
  });

  it('retries a failed snapshot with back-off and still bridges', async () => {
    const { sync, requests, events } = harness();
    sync.streamOpened();
    sync.onUpdate(event(1, 2));
    requests[0]!.reject(Object.assign(new Error('HTTP 503'), { retryAfterMs: 5 }));
    await until(() => requests.length === 2);
    expect(events.some((e) => e.kind === 'snapshot' && e.outcome === 'failed' && e.retryInMs! >= 5)).toBe(true);
    requests[1]!.resolve(snapshot(1, [['1', '1']], []));
    await Promise.resolve();
    expect(sync.state).toBe('live');
  });

  it('after a reconnect, resumes without a snapshot when the stream continues, and fetches one after a gap', async () => {
    const { sync, requests } = harness();
    sync.streamOpened();
    sync.onUpdate(event(1, 1));
    requests[0]!.resolve(snapshot(0, [['5', '1']], [['6', '1']]));
    await Promise.resolve();
    sync.onUpdate(event(2, 4));
    sync.streamClosed('disconnect', 'socket closed', { attempt: 1, inMs: 10 });
    expect(sync.state).toBe('backing-off');
    sync.connecting('reconnecting');
    sync.streamOpened();
    expect(sync.state).toBe('resyncing');
    sync.onUpdate(event(3, 4)); // already applied: ignored
    sync.onUpdate(event(5, 6, [['5.5', '1']]));
    expect(sync.state).toBe('live');
    expect(requests).toHaveLength(1);
    expect(sync.book.best('bid')).toEqual(['5.5', '1']);

    sync.streamClosed('disconnect', 'socket closed', { attempt: 1, inMs: 10 });
    sync.streamOpened();
    sync.onUpdate(event(9, 10));
    expect(sync.state).toBe('resyncing');
    expect(requests).toHaveLength(2);
  });

  it('ignores events after stop and leaves no snapshot request running', () => {
    const { sync, requests } = harness();
    sync.streamOpened();
    sync.onUpdate(event(1, 1));
    sync.stop();
    expect(requests[0]!.signal.aborted).toBe(true);
    sync.onUpdate(event(2, 2));
    expect(sync.state).toBe('stopped');
    expect(requests).toHaveLength(1);
  });
});

describe('BookSync on a quiet symbol', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('fetches the snapshot after the quiet delay when no event comes, then bridges the first event', async () => {
    jest.useFakeTimers();
    const requests: ((s: BookSnapshot) => void)[] = [];
    const priorities: string[] = [];
    const sync = new BookSync({
      market: 'spot',
      symbol: 'QUIETBTC',
      rules,
      book: new ReferenceOrderBook(),
      fetchSnapshot: (_symbol, _signal, priority) => {
        priorities.push(priority);
        return new Promise((resolve) => requests.push(resolve));
      },
      onEvent: () => undefined,
      quietSnapshotDelayMs: 20,
    });
    sync.streamOpened();
    jest.advanceTimersByTime(19);
    expect(requests).toHaveLength(0);
    jest.advanceTimersByTime(2);
    expect(requests).toHaveLength(1);
    expect(priorities).toEqual(['initial']); // behind gap resyncs
    requests[0]!({ lastUpdateId: 50, bids: [['1', '1']], asks: [['2', '1']] });
    await Promise.resolve();
    expect(sync.state).toBe('live');
    sync.onUpdate(event(51, 52, [['1.5', '2']]));
    expect(sync.lastUpdateId).toBe(52);
    sync.stop();
  });
});

describe('BookSync resync counting', () => {
  it('counts a lost connection as a resync only when the book was live', async () => {
    const { sync, requests } = harness();
    sync.streamClosed('disconnect', 'socket error: ECONNREFUSED', { attempt: 1, inMs: 100 });
    sync.streamClosed('disconnect', 'socket error: ECONNREFUSED', { attempt: 1, inMs: 200 });
    expect(sync.stats.resyncs).toEqual({});
    sync.streamOpened();
    sync.onUpdate(event(1, 1));
    requests[0]!.resolve(snapshot(0, [['1', '1']], [['2', '1']]));
    await Promise.resolve();
    sync.streamClosed('disconnect', 'socket error: reset', { attempt: 1, inMs: 100 });
    expect(sync.stats.resyncs).toEqual({ disconnect: 1 });
    sync.stop();
  });
});

describe('a live book never goes back in time', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('a book resumed after a reconnect fetches nothing, however quiet the symbol is afterwards', async () => {
    jest.useFakeTimers();
    const { sync, requests } = harness({ quietSnapshotDelayMs: 3_000 });
    const ids: number[] = [];
    sync.streamOpened();
    sync.onUpdate(event(1, 1));
    requests[0]!.resolve(snapshot(0, [['5', '1']], [['6', '1']]));
    await Promise.resolve();
    sync.onUpdate(event(2, 40));
    sync.streamClosed('disconnect', 'socket closed', { attempt: 1, inMs: 10 });
    sync.streamOpened();
    sync.onUpdate(event(41, 50, [['5.5', '1']]));
    expect(sync.state).toBe('live');
    ids.push(sync.lastUpdateId);
    jest.advanceTimersByTime(10_000);
    expect(requests).toHaveLength(1);
    expect(sync.state).toBe('live');
    ids.push(sync.lastUpdateId);
    expect(ids).toEqual([50, 50]);
  });

  it('a snapshot older than what the book already showed is fetched again instead of being shown', async () => {
    const { sync, requests, events } = harness();
    sync.streamOpened();
    sync.onUpdate(event(1, 1));
    requests[0]!.resolve(snapshot(0, [['5', '1']], [['6', '1']]));
    await until(() => sync.state === 'live');
    sync.onUpdate(event(2, 100));
    sync.resync('manual', 'operator');
    // No event comes; the quiet snapshot is older than id 100, which the book showed live.
    sync.onUpdate(event(150, 160)); // ignored? no: buffered, then the snapshot must bridge it
    requests[1]!.resolve(snapshot(90, [['5', '1']], [['6', '1']]));
    await until(() => requests.length === 3);
    expect(sync.state).toBe('resyncing');
    expect(events.some((e) => e.kind === 'snapshot' && e.outcome === 'older-than-stream')).toBe(true);
    requests[2]!.resolve(snapshot(155, [['5', '1']], [['6', '1']]));
    await until(() => sync.state === 'live');
    expect(sync.lastUpdateId).toBe(160);
  });

  it('without any event to bridge, refuses a quiet snapshot older than the id the book showed', async () => {
    jest.useFakeTimers();
    const { sync, requests } = harness({ quietSnapshotDelayMs: 100 });
    sync.streamOpened();
    sync.onUpdate(event(1, 1));
    requests[0]!.resolve(snapshot(0, [['5', '1']], [['6', '1']]));
    await Promise.resolve();
    sync.onUpdate(event(2, 100));
    sync.resync('crossed', 'crossed book');
    jest.advanceTimersByTime(100);
    expect(requests).toHaveLength(2);
    requests[1]!.resolve(snapshot(90, [['5', '1']], [['6', '1']]));
    await jest.advanceTimersByTimeAsync(0);
    expect(sync.state).toBe('resyncing');
    await jest.advanceTimersByTimeAsync(10);
    expect(requests).toHaveLength(3);
    requests[2]!.resolve(snapshot(120, [['5', '1']], [['6', '1']]));
    await jest.advanceTimersByTimeAsync(0);
    expect(sync.state).toBe('live');
    expect(sync.lastUpdateId).toBe(120);
  });
});

describe('a consumer that throws', () => {
  it('resyncs the symbol when it throws while the buffer is replayed after a snapshot, and nothing escapes', async () => {
    let calls = 0;
    const { sync, requests } = harness({
      onApplied: () => {
        calls++;
        if (calls === 2) throw new Error('consumer bug');
      },
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      sync.streamOpened();
      sync.onUpdate(event(1, 2));
      sync.onUpdate(event(3, 4));
      sync.onUpdate(event(5, 6));
      requests[0]!.resolve(snapshot(1, [['5', '1']], [['6', '1']]));
      await until(() => sync.state === 'resyncing');
      await new Promise((resolve) => setImmediate(resolve));
      expect(sync.stats.resyncs.consumer).toBe(1);
      expect(sync.reason).toContain('consumer bug');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('snapshots that cannot stand', () => {
  it('catches a crossed snapshot even when no buffered event follows it', async () => {
    jest.useFakeTimers();
    try {
      const { sync, requests, events } = harness({ quietSnapshotDelayMs: 50 });
      sync.streamOpened();
      jest.advanceTimersByTime(50);
      requests[0]!.resolve(snapshot(10, [['7', '1']], [['6', '1']]));
      await jest.advanceTimersByTimeAsync(0);
      expect(sync.state).toBe('resyncing');
      expect(sync.stats.resyncs.crossed).toBe(1);
      expect(events.some((e) => e.kind === 'snapshot' && e.outcome === 'fetched')).toBe(false);
    } finally {
      jest.useRealTimers();
    }
  });

  it('says a snapshot was fetched and bridged only when the book stands after the replay', async () => {
    const { sync, requests, events } = harness();
    sync.streamOpened();
    sync.onUpdate(event(1, 2));
    sync.onUpdate(event(3, 4, [['6.5', '1']])); // crosses the book during the replay
    requests[0]!.resolve(snapshot(1, [['5', '1']], [['6', '1']]));
    await until(() => sync.state === 'resyncing');
    expect(events.filter((e) => e.kind === 'snapshot' && e.outcome === 'fetched')).toEqual([]);
  });

  it('marks the symbol invalid, for good, when a price has more digits than a key keeps apart', async () => {
    // Keys prices as every SortedOrderBook does.
    class KeyedBook extends ReferenceOrderBook {
      override reset(bids: readonly Level[], asks: readonly Level[]): void {
        for (const [price] of [...bids, ...asks]) priceKey(price);
        super.reset(bids, asks);
      }
    }
    const { sync, requests } = harness({ book: new KeyedBook() });
    sync.streamOpened();
    sync.onUpdate(event(1, 2));
    requests[0]!.resolve(snapshot(1, [['123456789.123456781', '1']], [['123456790', '1']]));
    await until(() => sync.state === 'invalid');
    expect(sync.reason).toContain('123456789.123456781');
    sync.onUpdate(event(3, 4));
    expect(requests).toHaveLength(1);
  });

  it('marks the symbol invalid and never retries when the exchange does not know it', async () => {
    const { sync, requests, events } = harness();
    sync.streamOpened();
    sync.onUpdate(event(1, 2));
    requests[0]!.reject(new SnapshotError('unknown-symbol', 'HTTP 400 -1121 Invalid symbol.', undefined, 400));
    await until(() => sync.state === 'invalid');
    sync.onUpdate(event(3, 4));
    sync.streamClosed('disconnect', 'socket closed', { attempt: 1, inMs: 10 });
    sync.streamOpened();
    sync.onUpdate(event(5, 6));
    expect(sync.state).toBe('invalid');
    expect(requests).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'book').at(-1)).toMatchObject({ state: 'invalid' });
  });
});

describe('an exchange integrity check', () => {
  it("resyncs the symbol when the book fails the exchange's checksum after an update, and applies on when it passes", async () => {
    // A stand-in checksum: the number of bid levels, as a venue would send a CRC of the top of its book.
    const checked = { ...rules, verify: (book: OrderBook, update: DepthUpdate) => update.checksum === undefined || update.checksum === book.size('bid') };
    const { sync, requests } = harness({ rules: checked });
    sync.streamOpened();
    sync.onUpdate({ ...event(1, 2, [['1', '1']]), checksum: 2 });
    requests[0]!.resolve(snapshot(1, [['2', '1']], [['3', '1']]));
    await until(() => sync.state === 'live');
    sync.onUpdate({ ...event(3, 3, [['1.5', '1']]), checksum: 3 });
    expect(sync.state).toBe('live');
    sync.onUpdate({ ...event(4, 4, [['1.2', '1']]), checksum: 3 }); // the exchange holds 3 levels, we hold 4
    expect(sync.state).toBe('resyncing');
    expect(sync.stats.resyncs.checksum).toBe(1);
  });
});
