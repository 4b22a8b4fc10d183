import type { SnapshotMessage } from '@lob/book-stream';

/** The JetStream stream every book's diff messages go into (subjects `lob.book.<venue>.<symbol>`). */
export const BOOKS_STREAM = 'LOB_BOOKS';
/** The key-value bucket holding each book's latest snapshot (keys `<venue>.<symbol>`). */
export const SNAPSHOT_BUCKET = 'lob-books';
/** How often a publisher stores each book's snapshot at least (changed or not): the bus's heartbeat per book. */
export const SNAPSHOT_EVERY_MS = 60_000;
/** How long a reader hears nothing of a book before it takes the publisher for gone: two and a half periods. */
export const SILENT_AFTER_MS = 150_000;
/** Every book subject starts with this. */
export const BOOK_SUBJECT_PREFIX = 'lob.book';

/**
 * A venue or symbol as one subject token and key part: characters NATS gives a meaning (`.`, `*`, `>`, spaces) and
 * any a key may not hold become `_`, so `BTC/USD` stays itself and `A.B` becomes `A_B`.
 */
export function busToken(name: string): string {
  return name.replace(/[^A-Za-z0-9_\-/=]/g, '_');
}

/** The subject of one book's diff messages. */
export function bookSubject(venue: string, symbol: string): string {
  return `${BOOK_SUBJECT_PREFIX}.${busToken(venue)}.${busToken(symbol)}`;
}

/** The subjects of every book of a venue. */
export function venueSubjects(venue: string): string {
  return `${BOOK_SUBJECT_PREFIX}.${busToken(venue)}.*`;
}

/** The key of one book's latest snapshot in the bucket. */
export function snapshotKey(venue: string, symbol: string): string {
  return `${busToken(venue)}.${busToken(symbol)}`;
}

/**
 * A book's latest snapshot as the bucket holds it. `streamSeq`: every change after this snapshot is in the stream
 * above this sequence, so a reader starts there and skips what the snapshot already holds.
 */
export interface BusSnapshot extends SnapshotMessage {
  readonly streamSeq: number;
}
