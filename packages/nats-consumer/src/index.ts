// Reads lob's books from NATS JetStream: what `lob mirror --from nats://` and other programs use.
export { BOOKS_STREAM, SNAPSHOT_BUCKET, BOOK_SUBJECT_PREFIX, SNAPSHOT_EVERY_MS, SILENT_AFTER_MS, bookSubject, venueSubjects, snapshotKey, busToken, type BusSnapshot } from './bus-names.js';
export { BusError, type BusFault } from './bus-error.js';
export { connectNats, openBus, type Bus, type BusAddress } from './open-bus.js';
export { BusBookCopy, DEFAULT_MAX_WAITING_MESSAGES, type CopyChange } from './bus-book-copy.js';
export { NatsBookMirror, type NatsMirrorOptions, type NatsMirrorStats } from './nats-book-mirror.js';
