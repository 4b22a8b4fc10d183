import type { ExactDepth, Level } from '@lob/core';
import type { BookIds, BookTimes } from './book-fields.js';

/** Names the book and its state: every book message starts with these. */
export interface BookHeader extends BookIds, BookTimes {
  readonly market: string;
  readonly symbol: string;
}

/**
 * First: the whole book held, with `seq` the stream's count of this book's changes (the next change is `seq + 1`).
 * Sent on subscribing and again whenever lob replaced the book (a resync, an in-stream snapshot, a refresh); a
 * replacement counts as a change, so one seq never names two different books.
 */
export interface SnapshotMessage extends BookHeader {
  readonly type: 'snapshot';
  readonly state: string;
  readonly seq: number;
  /**
   * Which producer numbered `seq`: present where copies may hear more than one (a bus that another lob instance
   * takes a symbol over on). A diff from another origin than its copy's snapshot is a gap.
   */
  readonly origin?: string;
  readonly exactDepth: ExactDepth;
  readonly bids: Level[];
  readonly asks: Level[];
  readonly time: number;
}

/**
 * Then: one applied exchange event, its levels exactly as applied (quantity "0" removes the level). `seq` is the
 * previous message's plus one, so a consumer proves it missed nothing even where the venue has no ids;
 * `firstId`/`lastId`/`prevLastId` are the venue's own (0 where it has none). `levels` is how many levels lob holds
 * per side after it: where lob trims the book to a depth (Kraken), the consumer drops its worst levels beyond them.
 */
export interface DiffMessage extends BookHeader {
  readonly type: 'diff';
  readonly seq: number;
  /** As in SnapshotMessage. */
  readonly origin?: string;
  readonly firstId: number;
  readonly lastId: number;
  readonly prevLastId?: number;
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
  readonly levels: { readonly bids: number; readonly asks: number };
  /** The book's exact depth after it, present only when it changed since the previous message. */
  readonly exactDepth?: ExactDepth;
}

/** lob left sync on this book (a gap, a checksum, a disconnect...): drop the copy; a new snapshot follows. */
export interface ResyncMessage {
  readonly type: 'resync';
  readonly market: string;
  readonly symbol: string;
  readonly state: string;
  readonly cause?: string;
  readonly reason: string;
  readonly time: number;
}

/** Every message of one book's diff stream. */
export type BookStreamMessage = SnapshotMessage | DiffMessage | ResyncMessage;
