import { createChunkedBook } from '@lob/book-chunked';
import type { BookView, DepthUpdate, ExactDepth, FeedEvent, Level, SyncState, SyncStats } from '@lob/core';

/** A book whose state, levels and exact depth a test sets, as a feed would, and the events a feed would send. */
export class ScriptedBook {
  readonly view: BookView & { state: SyncState; reason: string; lastUpdateId: number; exactDepth: ExactDepth; stats: SyncStats };
  private lastId = 0;

  constructor(market = 'binance-spot', symbol = 'BTCUSDT') {
    this.view = {
      market,
      symbol,
      state: 'syncing',
      reason: 'waiting for a snapshot',
      lastUpdateId: 0,
      book: createChunkedBook(),
      exactDepth: { bids: 0, asks: 0 },
      checksum: undefined,
      stats: { updatesApplied: 0, levelsApplied: 0, staleDropped: 0, snapshotsFetched: 0, refreshes: 0, bufferDropped: 0, resyncs: {}, lastEventTime: 0, lastReceivedAt: 0, lastAppliedAt: 0 },
    };
  }

  /** Replaces the book and makes it live; returns the events a feed sends for it. */
  goLive(bids: Level[], asks: Level[], id: number): FeedEvent[] {
    this.view.book.reset(bids, asks);
    this.lastId = id;
    this.view.lastUpdateId = id;
    this.view.exactDepth = { bids: bids.length, asks: asks.length };
    const previous = this.view.state;
    this.view.state = 'live';
    this.view.reason = '';
    const at = Date.now();
    return [
      { kind: 'snapshot', market: this.view.market, symbol: this.view.symbol, outcome: 'fetched', reason: 'snapshot bridged', lastUpdateId: id, at },
      { kind: 'book', market: this.view.market, symbol: this.view.symbol, state: 'live', previous, reason: 'in sync', at },
    ];
  }

  /** Takes the book out of sync; returns the event a feed sends. */
  leave(reason: string): FeedEvent {
    const previous = this.view.state;
    this.view.state = 'resyncing';
    this.view.reason = reason;
    return { kind: 'book', market: this.view.market, symbol: this.view.symbol, state: 'resyncing', previous, cause: 'gap', reason, at: Date.now() };
  }

  /** Applies one event to the book, as BookSync does before it calls back; returns the update. */
  apply(bids: Level[], asks: Level[]): DepthUpdate {
    const firstId = this.lastId + 1;
    this.lastId += 1 + bids.length;
    this.view.book.apply('bid', bids);
    this.view.book.apply('ask', asks);
    this.view.lastUpdateId = this.lastId;
    this.view.stats.lastEventTime = 1_700_000_000_000 + this.lastId;
    this.view.stats.lastReceivedAt = this.view.stats.lastEventTime + 0.25;
    this.view.stats.lastAppliedAt = this.view.stats.lastEventTime + 0.5;
    return { type: 'depth', symbol: this.view.symbol, firstId, lastId: this.lastId, prevLastId: undefined, eventTime: this.view.stats.lastEventTime, bids, asks } as unknown as DepthUpdate;
  }
}

/** Every level of a book per side, best first. */
export function levelsOf(book: BookView['book']): { bids: Level[]; asks: Level[] } {
  return { bids: book.top('bid', book.size('bid')), asks: book.top('ask', book.size('ask')) };
}
