/** Where a symbol's book stands. Only `live` means the book is in sync with the exchange. */
export type SyncState = 'connecting' | 'syncing' | 'live' | 'resyncing' | 'backing-off' | 'stopped';

/** A state change of one symbol's book, with the reason it happened. */
export interface BookStateEvent {
  readonly kind: 'book';
  readonly market: string;
  readonly symbol: string;
  readonly state: SyncState;
  readonly previous: SyncState;
  readonly reason: string;
  readonly at: number;
}

/** A state change of one stream connection. */
export interface ConnectionEvent {
  readonly kind: 'connection';
  readonly market: string;
  readonly connection: number;
  readonly state: 'connecting' | 'open' | 'closed' | 'backing-off' | 'stopped';
  readonly reason: string;
  readonly symbols: number;
  /** For `backing-off`: how long until the next attempt. */
  readonly delayMs?: number;
  readonly at: number;
}

/** Something worth telling about a snapshot request (a retry, a rate limit). */
export interface SnapshotEvent {
  readonly kind: 'snapshot';
  readonly market: string;
  readonly symbol: string;
  readonly outcome: 'fetched' | 'failed' | 'older-than-stream';
  readonly reason: string;
  readonly lastUpdateId?: number;
  readonly retryInMs?: number;
  readonly at: number;
}

/** Everything a feed reports; consumers log these, count them, or show them. */
export type FeedEvent = BookStateEvent | ConnectionEvent | SnapshotEvent;

/** Counters of one symbol's sync. */
export interface SyncStats {
  updatesApplied: number;
  levelsApplied: number;
  staleDropped: number;
  snapshotsFetched: number;
  resyncs: Record<string, number>;
  /** Exchange time (ms) of the last applied event. */
  lastEventTime: number;
  /** Local time (ms) the last event was applied. */
  lastAppliedAt: number;
}
