import { BOOKS_STREAM, BOOK_SUBJECT_PREFIX, SNAPSHOT_BUCKET, openBus, type Bus } from '@lob/nats-consumer';
import { DiscardPolicy, RetentionPolicy, StorageType, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';

/** How long and how much the stream keeps: a reader must find every change after the bucket's snapshot in it. */
export interface BusRetention {
  /** Messages older than this go (default 15 min: several snapshot periods). */
  readonly maxAgeMs: number;
  /** The stream's size cap; the oldest go first (default 1 GiB). */
  readonly maxBytes: number;
}

export const DEFAULT_RETENTION: BusRetention = { maxAgeMs: 15 * 60_000, maxBytes: 1024 ** 3 };

/** Makes the books stream and the snapshot bucket if they are missing (a second publisher finds them made). */
export async function ensureBus(nc: NatsConnection, retention: BusRetention = DEFAULT_RETENTION): Promise<Bus> {
  const jsm = await jetstreamManager(nc);
  const config = {
    subjects: [`${BOOK_SUBJECT_PREFIX}.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: retention.maxAgeMs * 1_000_000,
    max_bytes: retention.maxBytes,
  };
  try {
    await jsm.streams.info(BOOKS_STREAM);
    await jsm.streams.update(BOOKS_STREAM, config);
  } catch {
    await jsm.streams.add({ name: BOOKS_STREAM, ...config });
  }
  // One value per book: its latest snapshot; history would only hold older books.
  await new Kvm(nc).create(SNAPSHOT_BUCKET, { history: 1, storage: StorageType.File });
  return openBus(nc);
}
