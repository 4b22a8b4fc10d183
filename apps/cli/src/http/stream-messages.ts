import type { ExactDepth, Level } from '@lob/core';
import type { BookIds } from '../feeds/book-top.js';
import type { BookTimes } from '../feeds/book-times.js';

/** What a subscription streams: best bid/ask, the top N levels coalesced, or every change after a snapshot. */
export type StreamMode = 'top' | 'depth' | 'diff';

/** The times every book message carries (see BookTimes: ms since the epoch, µs precision, null when unknown). */
export type StreamTimes = BookTimes;

/** Names the book and its state: every book message starts with these. */
export interface BookHeader extends BookIds, StreamTimes {
  readonly market: string;
  readonly symbol: string;
}

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

/**
 * `diff`, first: the whole book held, with `seq` the stream's count of this book's changes (the next change is
 * `seq + 1`). Sent on subscribing and again whenever lob replaced the book (a resync, an in-stream snapshot, a refresh).
 */
export interface SnapshotMessage extends BookHeader {
  readonly type: 'snapshot';
  readonly state: string;
  readonly seq: number;
  readonly exactDepth: ExactDepth;
  readonly bids: Level[];
  readonly asks: Level[];
  readonly time: number;
}

/**
 * `diff`, then: one applied exchange event, its levels exactly as applied (quantity "0" removes the level). `seq`
 * is the previous message's plus one, so a consumer proves it missed nothing even where the venue has no ids;
 * `firstId`/`lastId`/`prevLastId` are the venue's own (0 where it has none). `levels` is how many levels lob holds
 * per side after it: where lob trims the book to a depth (Kraken), the consumer drops its worst levels beyond them.
 */
export interface DiffMessage extends BookHeader {
  readonly type: 'diff';
  readonly seq: number;
  readonly firstId: number;
  readonly lastId: number;
  readonly prevLastId?: number;
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
  readonly levels: { readonly bids: number; readonly asks: number };
}

/** `diff`: lob left sync on this book (a gap, a checksum, a disconnect...): drop the copy; a new snapshot follows. */
export interface ResyncMessage {
  readonly type: 'resync';
  readonly market: string;
  readonly symbol: string;
  readonly state: string;
  readonly cause?: string;
  readonly reason: string;
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

/** Every message `/stream` sends. */
export type StreamMessage = TopOfBookMessage | DepthMessage | SnapshotMessage | DiffMessage | ResyncMessage | SubscribedMessage | StreamErrorMessage;
