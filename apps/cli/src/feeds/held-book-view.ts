import type { BookView, ExactDepth, OrderBook, SyncState, SyncStats } from '@lob/core';
import { addCounters, countersOf, NO_COUNTERS, type SyncCounters } from './carried-counters.js';

/**
 * One held symbol's book as the views, the HTTP API, `/stream` and the publisher see it (`--shard auto`): the same
 * object for as long as the symbol is held, whichever feed keeps it. Releasing other symbols restarts this one in a
 * new feed; whoever holds this view follows the new book, and its counters carry on from the old one's.
 */
export class HeldBookView implements BookView {
  private earlier: SyncCounters = NO_COUNTERS;

  constructor(private current: BookView) {}

  /** The symbol now lives in another feed: read that feed's book from here on. */
  follow(next: BookView): void {
    const stats = this.stats;
    this.earlier = countersOf(stats);
    this.current = next;
  }

  get market(): string {
    return this.current.market;
  }
  get symbol(): string {
    return this.current.symbol;
  }
  get state(): SyncState {
    return this.current.state;
  }
  get reason(): string {
    return this.current.reason;
  }
  get lastUpdateId(): number {
    return this.current.lastUpdateId;
  }
  get book(): OrderBook {
    return this.current.book;
  }
  get exactDepth(): ExactDepth {
    return this.current.exactDepth;
  }
  get checksum(): number | undefined {
    return this.current.checksum;
  }
  get stats(): Readonly<SyncStats> {
    const current = this.current.stats;
    const out = { ...current };
    addCounters(out, this.earlier, current);
    return out;
  }
}
