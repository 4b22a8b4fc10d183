/**
 * Where a symbol's book stands. Only `live` means the book is in sync with the exchange; `invalid` means the
 * exchange does not know the symbol (it is never retried and harms no other symbol).
 */
export type SyncState = 'connecting' | 'syncing' | 'live' | 'resyncing' | 'backing-off' | 'stopped' | 'invalid';

/**
 * Why a book was thrown away or a connection recycled: a closed set, safe as a metric label. The human detail
 * (ids, the server's close text) travels separately in `reason`.
 */
export type ResyncCause =
  | 'gap'
  | 'crossed'
  | 'checksum'
  | 'invalid-data'
  | 'decode'
  | 'consumer'
  | 'disconnect'
  | 'silence'
  | 'shutdown'
  | 'renewal'
  | 'refresh'
  | 'manual'
  /** The thread or process that kept the book died and was restarted (its successor starts from a snapshot). */
  | 'restart';

/** A state change of one symbol's book, with the reason it happened. */
export interface BookStateEvent {
  readonly kind: 'book';
  readonly market: string;
  readonly symbol: string;
  readonly state: SyncState;
  readonly previous: SyncState;
  /** What caused the change when it was a fault (a resync, a lost stream); absent for ordinary progress. */
  readonly cause?: ResyncCause;
  readonly reason: string;
  /** For `backing-off`: the next attempt (1 for the first retry since the book was last connected) and its delay. */
  readonly retry?: RetryPlan;
  readonly at: number;
}

/** When a book's next attempt to reconnect comes, so views can count it down. */
export interface RetryPlan {
  /** Which attempt it is since the connection last worked: 1, 2, 3, ... */
  readonly attempt: number;
  readonly inMs: number;
}

/** A state change of one stream connection. */
export interface ConnectionEvent {
  readonly kind: 'connection';
  readonly market: string;
  readonly connection: number;
  readonly state: 'connecting' | 'open' | 'closed' | 'backing-off' | 'stopped';
  /** For `closed`: why, as a closed set. */
  readonly cause?: ResyncCause;
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
  /**
   * `fetched`: a snapshot bridged and the book is live; `refreshed`: a background snapshot caught up with the live
   * book and replaced it; `failed`, `older-than-stream`: retried; `refresh-abandoned`: the live book was kept.
   */
  readonly outcome: 'fetched' | 'failed' | 'older-than-stream' | 'refreshed' | 'refresh-abandoned';
  /** For `failed`: the typed reason of the error (a SnapshotError's `reason`, or `internal` for anything else). */
  readonly error?: string;
  readonly reason: string;
  readonly lastUpdateId?: number;
  readonly retryInMs?: number;
  readonly at: number;
}

/** A symbol's buffer hit a bound while waiting for a snapshot and dropped its oldest events. */
export interface BufferEvent {
  readonly kind: 'buffer';
  readonly market: string;
  readonly symbol: string;
  /** Which bound: `global` is the cap shared by every symbol. */
  readonly bound: 'events' | 'bytes' | 'age' | 'global';
  readonly reason: string;
  readonly at: number;
}

/**
 * A frame that was dropped without touching any book because it named no symbol of its connection (garbage, a
 * truncated text): counted in the connection's `malformed` stat and told here so it can be logged.
 */
export interface FrameEvent {
  readonly kind: 'frame';
  readonly market: string;
  readonly connection: number;
  readonly outcome: 'malformed';
  /** The decoder's reason and the start of the frame. */
  readonly reason: string;
  readonly at: number;
}

/** Everything a feed reports; consumers log these, count them, or show them. */
export type FeedEvent = BookStateEvent | ConnectionEvent | SnapshotEvent | BufferEvent | FrameEvent;

/** Counters of one symbol's sync. */
export interface SyncStats {
  updatesApplied: number;
  levelsApplied: number;
  staleDropped: number;
  snapshotsFetched: number;
  /** Background snapshots that replaced a live book to keep it exact deep enough. */
  refreshes: number;
  /** Buffered events dropped by a bound while waiting for a snapshot. */
  bufferDropped: number;
  /** Resyncs by cause. */
  resyncs: Partial<Record<ResyncCause, number>>;
  /**
   * The times of what the book last took in (an event, or a snapshot that replaced the book), ms since the epoch.
   * A consumer called back after an event (`onApplied`, MarketFeed's `onUpdate`) reads that event's times here.
   * Exchange time (its `E`, `ts`) of that event or snapshot; 0 where the venue stamps none (and for a REST snapshot).
   */
  lastEventTime: number;
  /**
   * When the frame that carried it arrived (for a REST snapshot: when the response arrived), before decoding; by
   * the precise clock (`preciseNow`), so with a sub-millisecond fraction. 0 before anything was taken in.
   */
  lastReceivedAt: number;
  /** When it was applied to the book, by the same clock as `lastReceivedAt`. 0 before anything was applied. */
  lastAppliedAt: number;
}
