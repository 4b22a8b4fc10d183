import { afterEach, describe, expect, it } from '@jest/globals';
import { ReferenceOrderBook } from '../testing/reference-order-book.js';
import type { BookSnapshot, Level } from '../types.js';
import { BookSync } from './book-sync.js';
import type { DepthUpdate } from './depth-update.js';
import type { SequencingRules } from './sequencing-rules.js';
import type { FeedEvent } from './sync-state.js';

// Spot-shaped rules, written out here so core's state machine is tested without any connector.
const rules: SequencingRules = {
  staleForSnapshot: (u, id) => u.lastId <= id,
  bridgesSnapshot: (u, id) => u.firstId <= id + 1 && u.lastId >= id + 1,
  staleForBook: (u, id) => u.lastId <= id,
  continuesBook: (u, id) => u.firstId <= id + 1,
};

function event(firstId: number, lastId: number, bids: Level[] = [], asks: Level[] = []): DepthUpdate {
  return { type: 'depth', symbol: 'BTCUSDT', firstId, lastId, prevLastId: undefined, eventTime: lastId, bids, asks };
}

const running: BookSync[] = [];
afterEach(() => {
  for (const sync of running.splice(0)) sync.stop();
});

/** Resolves once `condition` holds: waits for a state, not for a time (the ceiling is for a loaded machine). */
async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** A BookSync whose snapshot requests the test answers by hand. */
function harness() {
  const requests: { resolve: (s: BookSnapshot) => void; reject: (e: Error) => void; signal: AbortSignal }[] = [];
  const events: FeedEvent[] = [];
  const sync = new BookSync({
    market: 'spot',
    symbol: 'BTCUSDT',
    rules,
    book: new ReferenceOrderBook(),
    fetchSnapshot: (_symbol, signal) => new Promise((resolve, reject) => requests.push({ resolve, reject, signal })),
    onEvent: (e) => events.push(e),
    snapshotRetry: { baseMs: 1, maxMs: 2 },
  });
  running.push(sync);
  return { sync, requests, events };
}

const snapshot = (lastUpdateId: number, bids: Level[], asks: Level[]): BookSnapshot => ({ lastUpdateId, bids, asks });

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
    sync.streamClosed('disconnect', 'socket closed', 10);
    expect(sync.state).toBe('backing-off');
    sync.connecting('reconnecting');
    sync.streamOpened();
    expect(sync.state).toBe('resyncing');
    sync.onUpdate(event(3, 4)); // already applied: ignored
    sync.onUpdate(event(5, 6, [['5.5', '1']]));
    expect(sync.state).toBe('live');
    expect(requests).toHaveLength(1);
    expect(sync.book.best('bid')).toEqual(['5.5', '1']);

    sync.streamClosed('disconnect', 'socket closed', 10);
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
  it('fetches the snapshot after the quiet delay when no event comes, then bridges the first event', async () => {
    const requests: ((s: BookSnapshot) => void)[] = [];
    const sync = new BookSync({
      market: 'spot',
      symbol: 'QUIETBTC',
      rules,
      book: new ReferenceOrderBook(),
      fetchSnapshot: () => new Promise((resolve) => requests.push(resolve)),
      onEvent: () => undefined,
      quietSnapshotDelayMs: 20,
    });
    sync.streamOpened();
    await new Promise((r) => setTimeout(r, 5));
    expect(requests).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 40));
    expect(requests).toHaveLength(1);
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
    sync.streamClosed('disconnect', 'socket error: ECONNREFUSED', 100);
    sync.streamClosed('disconnect', 'socket error: ECONNREFUSED', 200);
    expect(sync.stats.resyncs).toEqual({});
    sync.streamOpened();
    sync.onUpdate(event(1, 1));
    requests[0]!.resolve(snapshot(0, [['1', '1']], [['2', '1']]));
    await Promise.resolve();
    sync.streamClosed('disconnect', 'socket error: reset', 100);
    expect(sync.stats.resyncs).toEqual({ disconnect: 1 });
    sync.stop();
  });
});
