import { BookReplica, diffUpdate, type BookStreamMessage } from '@lob/book-stream';
import { emptySyncStats, type BookStateEvent, type BookView, type DepthUpdate, type ExactDepth, type OrderBook, type SyncState, type SyncStats } from '@lob/core';
import { addCounters, countersOf, NO_COUNTERS, type SyncCounters } from '../feeds/carried-counters.js';

const NO_DEPTH: ExactDepth = { bids: 0, asks: 0 };

/**
 * One book on the main thread, kept by a worker: its levels are a BookReplica of the worker's diff stream, its
 * state and reason follow the worker's book events, its counters the worker's periodic stats. The views, the API
 * and the metrics read it as they read a feed's book.
 */
export class ReplicaView implements BookView {
  state: SyncState = 'connecting';
  reason = 'waiting for its worker';
  lastUpdateId = 0;
  checksum: number | undefined;
  readonly stats: SyncStats = emptySyncStats();
  private readonly replica: BookReplica;
  /** The counters of the worker's earlier threads: a restarted worker counts from 0, these never go back. */
  private before: SyncCounters = NO_COUNTERS;

  constructor(
    readonly market: string,
    readonly symbol: string,
    book: OrderBook,
  ) {
    this.replica = new BookReplica(market, symbol, book);
  }

  get book(): OrderBook {
    return this.replica.book;
  }

  /** Zero unless live, as a feed's book: a copy out of sync vouches for nothing. */
  get exactDepth(): ExactDepth {
    return this.state === 'live' && this.replica.live ? this.replica.exactDepth : NO_DEPTH;
  }

  /** The worker's book changed state. */
  onState(event: BookStateEvent): void {
    this.state = event.state;
    this.reason = event.reason;
  }

  /**
   * Takes in the next message of the worker's diff stream; returns the update a diff applied (for the hooks that
   * hear every update), else undefined. Throws ReplicaError('gap') when a change is missing.
   */
  apply(message: BookStreamMessage): DepthUpdate | undefined {
    const outcome = this.replica.apply(message);
    if (message.type === 'resync' || outcome !== 'applied') return undefined;
    this.lastUpdateId = message.lastUpdateId ?? 0;
    this.checksum = message.checksum;
    this.stats.lastEventTime = message.eventTime ?? 0;
    this.stats.lastReceivedAt = message.receivedAt ?? 0;
    this.stats.lastAppliedAt = message.appliedAt ?? 0;
    return message.type === 'diff' ? diffUpdate(message) : undefined;
  }

  /**
   * The worker's counters, added to its earlier threads'; the times stay those of the last message applied here,
   * which match the levels.
   */
  takeStats(stats: SyncStats): void {
    addCounters(this.stats, this.before, stats);
  }

  /** The worker is gone: the copy is void until its successor's snapshot. */
  orphan(reason: string): BookStateEvent | undefined {
    this.replica.invalidate('resyncing', reason);
    this.before = countersOf(this.stats);
    if (this.state === 'resyncing' && this.reason === reason) return undefined;
    // The book is thrown away as by any resync, and counted as one: its successor starts from a new snapshot.
    this.before.resyncs.restart = (this.before.resyncs.restart ?? 0) + 1;
    this.stats.resyncs = { ...this.before.resyncs };
    const event: BookStateEvent = { kind: 'book', market: this.market, symbol: this.symbol, state: 'resyncing', previous: this.state, reason, at: Date.now() };
    this.state = 'resyncing';
    this.reason = reason;
    return event;
  }
}
