import { emptySyncStats, type BookView, type ExactDepth, type OrderBook, type SyncState, type SyncStats } from '@lob/core';
import { SILENT_AFTER_MS, type BusBookCopy } from '@lob/nats-consumer';

const STATES: ReadonlySet<string> = new Set<SyncState>(['connecting', 'syncing', 'live', 'resyncing', 'backing-off', 'stopped', 'invalid']);
const NO_DEPTH: ExactDepth = { bids: 0, asks: 0 };

/**
 * A copy from the bus as the views, the API and the metrics read a book: its state is lob's as last heard (a copy
 * with no start yet is `syncing`), its times are those of lob's book, its counters the copy's own. A live copy whose
 * publisher has not been heard for `silentAfterMs` (it stores every book at least once a minute) is `resyncing`:
 * its levels may be long gone from the exchange, so it vouches for none.
 */
export class BusBookView implements BookView {
  constructor(
    readonly copy: BusBookCopy,
    private readonly now: () => number = Date.now,
    private readonly silentAfterMs = SILENT_AFTER_MS,
  ) {}

  /** Seconds since the publisher was last heard, when that is longer than silentAfterMs; else undefined. */
  private silence(): number | undefined {
    const heardAt = this.copy.heardAt;
    const quiet = this.now() - heardAt;
    return heardAt > 0 && quiet > this.silentAfterMs ? Math.round(quiet / 1000) : undefined;
  }

  get market(): string {
    return this.copy.market;
  }

  get symbol(): string {
    return this.copy.symbol;
  }

  get state(): SyncState {
    if (this.copy.live && this.silence() !== undefined) return 'resyncing';
    const state = this.copy.replica.state;
    return STATES.has(state) ? (state as SyncState) : 'syncing';
  }

  get reason(): string {
    if (!this.copy.live) return this.copy.replica.reason;
    const silent = this.silence();
    return silent === undefined ? 'in sync with the bus' : `its publisher has not been heard for ${silent} s: it may be gone`;
  }

  get lastUpdateId(): number {
    return this.copy.replica.lastUpdateId ?? 0;
  }

  get book(): OrderBook {
    return this.copy.replica.book;
  }

  get exactDepth(): ExactDepth {
    return this.copy.live && this.silence() === undefined ? this.copy.replica.exactDepth : NO_DEPTH;
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
