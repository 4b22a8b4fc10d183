import type { BookHeader, BookTimes, DiffMessage, ResyncMessage, SnapshotMessage } from '@lob/book-stream';
import type { ExactDepth, Level } from '@lob/core';

/** What a subscription streams: best bid/ask, the top N levels coalesced, or every change after a snapshot. */
export type StreamMode = 'top' | 'depth' | 'diff';

/** The times every book message carries (see BookTimes: ms since the epoch, µs precision, null when unknown). */
export type StreamTimes = BookTimes;

/**
 * `top`: a book's best bid and ask, sent when either (or the state, or exactDepth) changes; `lastUpdateId` only
 * where the venue has update ids, `checksum` only where it sends checksums.
 */
export interface TopOfBookMessage extends BookHeader {
  readonly type: 'top';
  readonly state: string;
  /** Top levels per side guaranteed to be the exchange's. */
  readonly exactDepth: ExactDepth;
  /** `[price, quantity]` exact strings, or null when the side is empty. */
  readonly bid: Level | null;
  readonly ask: Level | null;
  /** Local time the message was built, ms since the epoch. */
  readonly time: number;
}

/** `depth`: the top `depth` levels per side, at most one message per book per interval, newest state only. */
export interface DepthMessage extends BookHeader {
  readonly type: 'depth';
  readonly state: string;
  readonly depth: number;
  readonly exactDepth: ExactDepth;
  readonly bids: Level[];
  readonly asks: Level[];
  readonly time: number;
}

/** The answer to a subscribe or unsubscribe message. */
export interface SubscribedMessage {
  readonly type: 'subscribed' | 'unsubscribed';
  readonly mode?: StreamMode;
  readonly depth?: number;
  readonly books: readonly { readonly market: string; readonly symbol: string }[];
  /** Books followed on this connection after the request. */
  readonly subscriptions: number;
}

/** A request the server refused; the connection stays open. */
export interface StreamErrorMessage {
  readonly type: 'error';
  readonly error: 'bad-request' | 'not-found' | 'too-many-subscriptions';
  readonly message: string;
}

// `diff` mode is the book stream's own format: a snapshot, then diffs, and a resync notice when the book leaves sync.
export type { BookHeader, DiffMessage, ResyncMessage, SnapshotMessage };

/** Every message `/stream` sends. */
export type StreamMessage = TopOfBookMessage | DepthMessage | SnapshotMessage | DiffMessage | ResyncMessage | SubscribedMessage | StreamErrorMessage;
