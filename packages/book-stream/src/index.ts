// lob's diff stream of a book, the one format its outputs share (/stream, worker threads, the NATS bus).
export { bookIds, bookTimes, toMicros, type BookIds, type BookTimes } from './book-fields.js';
export type { BookHeader, BookStreamMessage, DiffMessage, ResyncMessage, SnapshotMessage } from './messages.js';
export { diffMessage, resyncMessage, snapshotMessage } from './message-builders.js';
export { diffUpdate } from './diff-update.js';
export { BookDiffSource, type BookDiffSourceOptions } from './book-diff-source.js';
export { BookReplica, type ReplicaOutcome } from './book-replica.js';
export { ReplicaError, type ReplicaFault } from './replica-error.js';
