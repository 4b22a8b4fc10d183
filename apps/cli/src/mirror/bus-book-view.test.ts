import { describe, expect, it } from '@jest/globals';
import { createChunkedBook } from '@lob/book-chunked';
import type { DiffMessage, SnapshotMessage } from '@lob/book-stream';
import { BusBookCopy, type BusSnapshot } from '@lob/nats-consumer';
import type { FeedEvent } from '@lob/core';
import { BusBookView } from './bus-book-view.js';
import { StateAnnouncer } from './state-announcer.js';

const T = 1_700_000_000_000;
const snapshot: BusSnapshot = {
  type: 'snapshot',
  market: 'binance-spot',
  symbol: 'BTCUSDT',
  state: 'live',
  lastUpdateId: 10,
  eventTime: T,
  receivedAt: T,
  appliedAt: T,
  seq: 0,
  origin: 'a',
  exactDepth: { bids: 1, asks: 1 },
  bids: [['100', '1']],
  asks: [['101', '1']],
  time: T,
  streamSeq: 0,
} satisfies SnapshotMessage & { streamSeq: number };
const diff = (appliedAt: number): DiffMessage => ({
  type: 'diff',
  market: 'binance-spot',
  symbol: 'BTCUSDT',
  lastUpdateId: 11,
  eventTime: appliedAt,
  receivedAt: appliedAt,
  appliedAt,
  seq: 1,
  origin: 'a',
  firstId: 11,
  lastId: 11,
  bids: [['99', '2']],
  asks: [],
  levels: { bids: 2, asks: 1 },
});

describe('BusBookView: a copy from the bus as a book', () => {
  it('is live while its publisher is heard, and out of sync, vouching for no level, once it falls silent', () => {
    let now = T + 1_000;
    const copy = new BusBookCopy('binance-spot', 'BTCUSDT', createChunkedBook());
    const view = new BusBookView(copy, () => now, 150_000);
    copy.onStoredSnapshot(snapshot);
    expect([view.state, view.exactDepth]).toEqual(['live', { bids: 1, asks: 1 }]);
    now = T + 149_000;
    expect(view.state).toBe('live');
    now = T + 200_000;
    expect([view.state, view.exactDepth]).toEqual(['resyncing', { bids: 0, asks: 0 }]);
    expect(view.reason).toBe('its publisher has not been heard for 200 s: it may be gone');
    // A change stamped by the publisher later: heard again.
    copy.onStreamMessage(diff(T + 199_000));
    expect([view.state, view.reason, view.exactDepth]).toEqual(['live', 'in sync with the bus', { bids: 1, asks: 1 }]);
    // The publisher's periodic snapshot of an unchanged book counts as hearing it too.
    now = T + 400_000;
    expect(view.state).toBe('resyncing');
    copy.onStoredSnapshot({ ...snapshot, seq: 1, lastUpdateId: 11, bids: [['100', '1'], ['99', '2']], exactDepth: { bids: 2, asks: 1 }, time: T + 390_000, streamSeq: 1 });
    expect(view.state).toBe('live');
  });

  it('announces the silence as a state change with no message, and hearing the publisher again', () => {
    let now = T + 1_000;
    const copy = new BusBookCopy('binance-spot', 'BTCUSDT', createChunkedBook());
    const view = new BusBookView(copy, () => now, 150_000);
    const events: FeedEvent[] = [];
    const announcer = new StateAnnouncer((e) => events.push(e), () => now);
    copy.onStoredSnapshot(snapshot);
    expect(announcer.announce(view)).toBe(true);
    expect(announcer.announce(view)).toBe(false); // said once
    now = T + 200_000;
    expect(announcer.announce(view)).toBe(true);
    copy.onStreamMessage(diff(T + 199_000));
    expect(announcer.announce(view)).toBe(true);
    expect(events.map((e) => (e.kind === 'book' ? [e.previous, e.state] : []))).toEqual([
      ['connecting', 'live'],
      ['live', 'resyncing'],
      ['resyncing', 'live'],
    ]);
    expect(events[1]).toMatchObject({ market: 'binance-spot', symbol: 'BTCUSDT', reason: 'its publisher has not been heard for 200 s: it may be gone' });
  });
});
