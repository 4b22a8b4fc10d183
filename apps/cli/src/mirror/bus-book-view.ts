import { emptySyncStats, type BookView, type ExactDepth, type OrderBook, type SyncState, type SyncStats } from '@lob/core';
import type { BusBookCopy } from '@lob/nats-consumer';

const STATES: ReadonlySet<string> = new Set<SyncState>(['connecting', 'syncing', 'live', 'resyncing', 'backing-off', 'stopped', 'invalid']);
const NO_DEPTH: ExactDepth = { bids: 0, asks: 0 };

/**
 * A copy from the bus as the views, the API and the metrics read a book: its state is lob's as last heard (a copy
 * with no start yet is `syncing`), its times are those of lob's book, its counters the copy's own.
 */
export class BusBookView implements BookView {
  constructor(readonly copy: BusBookCopy) {}

  get market(): string {
    return this.copy.market;
  }

  get symbol(): string {
    return this.copy.symbol;
  }

  get state(): SyncState {
    const state = this.copy.replica.state;
    return STATES.has(state) ? (state as SyncState) : 'syncing';
  }

  get reason(): string {
    return this.copy.live ? 'in sync with the bus' : this.copy.replica.reason;
  }

  get lastUpdateId(): number {
    return this.copy.replica.lastUpdateId ?? 0;
  }

  get book(): OrderBook {
    return this.copy.replica.book;
  }

  get exactDepth(): ExactDepth {
    return this.copy.live ? this.copy.replica.exactDepth : NO_DEPTH;
  }

  get checksum(): number | undefined {
    return this.copy.replica.checksum;
  }

  get stats(): Readonly<SyncStats> {
    const { replica } = this.copy;
    return {
      ...emptySyncStats(),
      updatesApplied: replica.diffs,
      levelsApplied: replica.levelsApplied,
      snapshotsFetched: replica.snapshots,
      resyncs: this.copy.gaps > 0 ? { gap: this.copy.gaps } : {},
      lastEventTime: replica.eventTime ?? 0,
      lastReceivedAt: replica.receivedAt ?? 0,
      lastAppliedAt: replica.appliedAt ?? 0,
    };
  }
}
