import { describe, expect, it } from '@jest/globals';
import { createChunkedBook } from '@lob/book-chunked';
import type { DiffMessage, SnapshotMessage } from '@lob/book-stream';
import { ReplicaView } from './replica-view.js';

const times = { eventTime: 1_000, receivedAt: 1_001.5, appliedAt: 1_001.75 };
const snapshot: SnapshotMessage = {
  type: 'snapshot',
  market: 'binance-spot',
  symbol: 'BTCUSDT',
  state: 'live',
  lastUpdateId: 10,
  ...times,
  seq: 0,
  origin: 'worker-1',
  exactDepth: { bids: 2, asks: 1 },
  bids: [
    ['100', '1'],
    ['99', '2'],
  ],
  asks: [['101', '3']],
  time: 1_002,
};
const diff = (seq: number, lastId: number): DiffMessage => ({
  type: 'diff',
  market: 'binance-spot',
  symbol: 'BTCUSDT',
  lastUpdateId: lastId,
  eventTime: 2_000 + seq,
  receivedAt: 2_001 + seq,
  appliedAt: 2_002 + seq,
  seq,
  origin: 'worker-1',
  firstId: lastId,
  lastId,
  bids: [['99', '0']],
  asks: [['102', '4']],
  levels: { bids: 1, asks: 2 },
});

describe("ReplicaView: a worker's book on the main thread", () => {
  it("follows the worker's diff stream and hands each applied diff on as the update it was, with its times", () => {
    const view = new ReplicaView('binance-spot', 'BTCUSDT', createChunkedBook());
    expect(view.apply(snapshot)).toBeUndefined();
    // Not live yet by the worker's word: the copy vouches for no level.
    expect(view.exactDepth).toEqual({ bids: 0, asks: 0 });
    view.onState({ kind: 'book', market: 'binance-spot', symbol: 'BTCUSDT', state: 'live', previous: 'syncing', reason: 'snapshot bridged', at: 1 });
    expect([view.lastUpdateId, view.stats.lastAppliedAt, view.exactDepth]).toEqual([10, 1_001.75, { bids: 2, asks: 1 }]);
    const update = view.apply(diff(1, 11));
    expect(update).toEqual({ type: 'depth', symbol: 'BTCUSDT', firstId: 11, lastId: 11, prevLastId: undefined, eventTime: 2_001, bids: [['99', '0']], asks: [['102', '4']] });
    expect([...view.book.levels('bid')]).toEqual([['100', '1']]);
    expect([...view.book.levels('ask')]).toEqual([
      ['101', '3'],
      ['102', '4'],
    ]);
    expect([view.lastUpdateId, view.stats.lastEventTime, view.stats.lastReceivedAt]).toEqual([11, 2_001, 2_002]);
  });

  it("is voided by its worker's death, told once, and takes no diff until its successor's snapshot", () => {
    const view = new ReplicaView('binance-spot', 'BTCUSDT', createChunkedBook());
    view.onState({ kind: 'book', market: 'binance-spot', symbol: 'BTCUSDT', state: 'live', previous: 'syncing', reason: 'bridged', at: 0 });
    view.apply(snapshot);
    expect(view.orphan('worker 1 restarted')).toMatchObject({ kind: 'book', state: 'resyncing', previous: 'live', reason: 'worker 1 restarted' });
    expect(view.orphan('worker 1 restarted')).toBeUndefined();
    expect([view.state, view.reason]).toEqual(['resyncing', 'worker 1 restarted']);
    expect(view.apply(diff(1, 11))).toBeUndefined();
    expect(view.lastUpdateId).toBe(10);
    view.apply({ ...snapshot, seq: 0, lastUpdateId: 20 });
    expect(view.apply(diff(1, 21))).toMatchObject({ lastId: 21 });
  });

  it("counts on from a dead worker's counters: a restarted worker starts from 0, the book's counters never go back", () => {
    const view = new ReplicaView('binance-spot', 'BTCUSDT', createChunkedBook());
    const stats = (updatesApplied: number, gap: number) => ({ updatesApplied, levelsApplied: 0, staleDropped: 0, snapshotsFetched: 1, refreshes: 0, bufferDropped: 0, resyncs: { gap }, lastEventTime: 0, lastReceivedAt: 0, lastAppliedAt: 0 });
    view.takeStats(stats(100, 2));
    view.orphan('worker 1 restarted');
    // The restart is a resync of its own, counted at once: the book was thrown away.
    expect(view.stats.resyncs).toEqual({ gap: 2, restart: 1 });
    view.takeStats(stats(5, 1));
    expect(view.stats).toMatchObject({ updatesApplied: 105, snapshotsFetched: 2, resyncs: { gap: 3, restart: 1 } });
  });

  it("keeps the worker's counters but the times of the last message it applied, which match its levels", () => {
    const view = new ReplicaView('binance-spot', 'BTCUSDT', createChunkedBook());
    view.apply(snapshot);
    view.takeStats({ updatesApplied: 7, levelsApplied: 9, staleDropped: 1, snapshotsFetched: 1, refreshes: 0, bufferDropped: 0, resyncs: { gap: 1 }, lastEventTime: 9_999, lastReceivedAt: 9_999, lastAppliedAt: 9_999 });
    expect(view.stats).toMatchObject({ updatesApplied: 7, resyncs: { gap: 1 }, lastAppliedAt: 1_001.75 });
  });
});
