import type { FeedEvent, SnapshotEvent, SyncState } from '@lob/core';

/** What happened to one book lately. */
export interface BookHistoryEntry {
  /** When the book entered its current state (ms). */
  readonly stateSince: number;
  readonly state: SyncState;
  /** The last reason the book fell out of sync, and when. */
  readonly lastTrouble?: { readonly reason: string; readonly at: number };
  /** While it waits to try again: which attempt comes next, and when (ms). */
  readonly retry?: { readonly attempt: number; readonly at: number };
}

/**
 * Remembers, per book, since when it is in its state and the last reason it lost sync. BookView only has the
 * reason of the latest transition, which for a live book says how it got there ("snapshot bridged"), not what
 * went wrong before; the terminal view shows both.
 */
export class BookHistory {
  private readonly entries = new Map<string, BookHistoryEntry>();

  /** Records a feed event (book state changes, and failed snapshots that will be asked for again). */
  record(event: FeedEvent): void {
    if (event.kind === 'snapshot') return this.recordSnapshot(event);
    if (event.kind !== 'book') return;
    const key = `${event.market}/${event.symbol}`;
    const previous = this.entries.get(key);
    // A retry plan holds until the book moves on: connecting again, or any state other than waiting.
    const retry =
      event.retry !== undefined
        ? { attempt: event.retry.attempt, at: event.at + event.retry.inMs }
        : event.state === 'syncing' || event.state === 'resyncing'
          ? previous?.retry
          : undefined;
    const trouble = event.state === 'resyncing' || event.state === 'backing-off' ? troubleOf(event.reason, event.at) : undefined;
    this.entries.set(key, {
      state: event.state,
      // A reconnect passes through several not-live states: "since" counts from the first of them.
      stateSince: previous !== undefined && previous.state !== 'live' && event.state !== 'live' ? previous.stateSince : event.at,
      ...(trouble !== undefined ? { lastTrouble: trouble } : previous?.lastTrouble !== undefined ? { lastTrouble: previous.lastTrouble } : {}),
      ...(retry === undefined ? {} : { retry }),
    });
  }

  /** A snapshot that failed and will be asked for again: the book's next attempt, counted from its last one. */
  private recordSnapshot(event: SnapshotEvent): void {
    const key = `${event.market}/${event.symbol}`;
    const previous = this.entries.get(key);
    if (event.outcome !== 'failed' || event.retryInMs === undefined || previous === undefined) return;
    this.entries.set(key, { ...previous, retry: { attempt: (previous.retry?.attempt ?? 0) + 1, at: event.at + event.retryInMs } });
  }

  /** The history of a book, if anything happened to it. */
  get(market: string, symbol: string): BookHistoryEntry | undefined {
    return this.entries.get(`${market}/${symbol}`);
  }
}

function troubleOf(reason: string, at: number): { reason: string; at: number } | undefined {
  // Buffering after a reconnect is the way back, not a new problem.
  return reason.startsWith('stream open') ? undefined : { reason, at };
}
