import { BookReplica, ReplicaError, type BookStreamMessage } from '@lob/book-stream';
import type { OrderBook } from '@lob/core';
import type { BusSnapshot } from './bus-names.js';

/**
 * What a message did to a copy: `diff` (applied on top of the copy), `replaced` (the copy started again from a
 * snapshot, so it may differ in any level), `waiting` (kept, or the copy lost its start), `stale` (already held).
 */
export type CopyChange = 'diff' | 'replaced' | 'waiting' | 'stale';

/** Most stream messages a copy keeps while it waits for a snapshot to start from (the oldest go first). */
export const DEFAULT_MAX_WAITING_MESSAGES = 20_000;

/**
 * One book rebuilt from the bus: a replica started from a snapshot (the bucket's, or one in the stream) and kept by
 * the stream's changes. While it has no proven start (before the first snapshot, after a gap) it keeps the stream's
 * messages, and each snapshot the bucket offers is tried with them: it goes live only where the changes continue
 * the snapshot without a hole.
 */
export class BusBookCopy {
  readonly replica: BookReplica;
  /** Changes missing from the stream that made the copy start over. */
  gaps = 0;
  /** Snapshots from the bucket the copy started (again) from. */
  storedStarts = 0;
  private waiting: BookStreamMessage[] | undefined = [];
  /** The least seq a stored snapshot of the copy's producer may have to start from: never back in time. */
  private notBefore = 0;
  private latest: BusSnapshot | undefined;
  /**
   * The latest time the copy's publisher stamped on what reached the copy (a stored snapshot's `time`, a stream
   * snapshot's, a diff's `appliedAt`), ms since the epoch by the publisher's clock; 0 before anything. A publisher
   * stores every book at least once a period, so a copy that hears nothing much longer has lost its publisher.
   */
  heardAt = 0;

  constructor(
    readonly market: string,
    readonly symbol: string,
    book: OrderBook,
    private readonly maxWaiting = DEFAULT_MAX_WAITING_MESSAGES,
  ) {
    this.replica = new BookReplica(market, symbol, book);
  }

  /** Whether the copy equals lob's book at `replica.seq`. */
  get live(): boolean {
    return this.replica.live;
  }

  /** Messages kept while waiting for a start. */
  get kept(): number {
    return this.waiting?.length ?? 0;
  }

  /** The stream sequence after which the bucket's latest snapshot needs the stream; undefined before one is known. */
  get startAfter(): number | undefined {
    return this.latest?.streamSeq;
  }

  /**
   * Whether the stream's message at `streamSeq` is one the copy holds already, so it need not be read at all: the
   * copy is live on the producer of its stored snapshot, at or past it, and the message came before that snapshot.
   * A reader starting from its oldest snapshot skips most of the backlog this way.
   */
  holds(streamSeq: number): boolean {
    const latest = this.latest;
    return this.waiting === undefined && latest !== undefined && streamSeq <= latest.streamSeq && this.replica.origin === latest.origin && this.replica.seq >= latest.seq;
  }

  /** A message from the book's subject, in stream order. */
  onStreamMessage(message: BookStreamMessage): CopyChange {
    this.heard(message.type === 'snapshot' ? message.time : message.type === 'diff' ? message.appliedAt : null);
    if (message.type === 'snapshot') {
      // Read again from an older place in the stream: the copy holds it or newer (a seq names one book only).
      if (this.replica.snapshots > 0 && message.origin === this.replica.origin && message.seq <= this.replica.seq) return 'stale';
      // The stream's own snapshot: everything kept while waiting is older than it.
      this.replica.apply(message);
      this.waiting = undefined;
      return 'replaced';
    }
    if (message.type === 'resync') this.notBefore = this.replica.seq + 1;
    if (this.waiting !== undefined) {
      if (message.type === 'resync') this.replica.apply(message);
      this.keep(message);
      return 'waiting';
    }
    try {
      const outcome = this.replica.apply(message);
      if (outcome === 'waiting') this.waiting = [];
      return outcome === 'applied' ? 'diff' : outcome;
    } catch (error) {
      if (!(error instanceof ReplicaError)) throw error;
      this.gaps++;
      this.waiting = [message];
      return this.tryStart() ? 'replaced' : 'waiting';
    }
  }

  /** The bucket's snapshot of the book (from a read or a watch); kept, and tried at once when the copy waits. */
  onStoredSnapshot(snapshot: BusSnapshot): CopyChange {
    this.heard(snapshot.time);
    if (this.latest !== undefined && this.latest.origin === snapshot.origin && snapshot.seq < this.latest.seq) return 'stale';
    this.latest = snapshot;
    if (this.waiting === undefined) return 'stale';
    return this.tryStart() ? 'replaced' : 'waiting';
  }

  private heard(at: number | null | undefined): void {
    if (typeof at === 'number' && at > this.heardAt) this.heardAt = at;
  }

  /**
   * Starts from the latest stored snapshot and replays what was kept after it; a change missing between them leaves
   * the copy waiting (with what it kept from that change on) for a newer snapshot.
   */
  private tryStart(): boolean {
    const start = this.latest;
    const kept = this.waiting ?? [];
    if (start === undefined) return false;
    const sameProducer = start.origin === this.replica.origin;
    if (sameProducer && start.seq < Math.max(this.notBefore, this.replica.seq)) return false;
    this.replica.apply(start);
    for (let i = 0; i < kept.length; i++) {
      const message = kept[i]!;
      try {
        if (message.type === 'resync') {
          this.replica.apply(message);
          this.waiting = kept.slice(i);
          return false;
        }
        this.replica.apply(message);
      } catch (error) {
        if (!(error instanceof ReplicaError)) throw error;
        this.waiting = kept.slice(i);
        return false;
      }
    }
    this.storedStarts++;
    this.waiting = undefined;
    return true;
  }

  private keep(message: BookStreamMessage): void {
    const waiting = this.waiting as BookStreamMessage[];
    if (waiting.length >= this.maxWaiting) waiting.shift();
    waiting.push(message);
  }
}
