import type { ExactDepth, OrderBook, Side } from '@lob/core';
import type { BookStreamMessage, DiffMessage, SnapshotMessage } from './messages.js';
import { ReplicaError } from './replica-error.js';

/**
 * What a message did to a replica: `applied`; `stale` (a change the copy already holds, heard again); `waiting` (the
 * copy is void until the next snapshot: a resync notice, or a diff heard meanwhile).
 */
export type ReplicaOutcome = 'applied' | 'stale' | 'waiting';

/**
 * A copy of one of lob's books rebuilt from its diff stream (a snapshot, then every change in order): exact while
 * `live`, at change `seq`. A missing change throws a ReplicaError('gap') and leaves the copy waiting for a snapshot.
 */
export class BookReplica {
  /** lob's state of the book as last heard: `live` after a snapshot, the resync notice's state after one. */
  state = 'waiting';
  /** Why the copy is not live (empty while live). */
  reason = 'waiting for a snapshot';
  seq = 0;
  origin: string | undefined;
  lastUpdateId: number | undefined;
  checksum: number | undefined;
  exactDepth: ExactDepth = { bids: 0, asks: 0 };
  eventTime: number | null = null;
  receivedAt: number | null = null;
  appliedAt: number | null = null;
  /** Snapshots taken in: the first, then one after each resync or gap. */
  snapshots = 0;
  /** Changes applied since the copy was made. */
  diffs = 0;
  /** Level changes those carried. */
  levelsApplied = 0;

  constructor(
    readonly market: string,
    readonly symbol: string,
    readonly book: OrderBook,
  ) {}

  /** Whether the copy equals lob's book at `seq`. */
  get live(): boolean {
    return this.state === 'live';
  }

  /** Takes in the next message of the book's stream; throws ReplicaError('gap') when a change is missing. */
  apply(message: BookStreamMessage): ReplicaOutcome {
    switch (message.type) {
      case 'snapshot':
        this.takeSnapshot(message);
        return 'applied';
      case 'resync':
        this.invalidate(message.state, message.reason);
        return 'waiting';
      case 'diff':
        return this.takeDiff(message);
      default:
        throw new ReplicaError('protocol', `not a book stream message: ${JSON.stringify((message as { type?: unknown }).type)}`);
    }
  }

  /** Voids the copy until the next snapshot (lob's book left sync, or the reader lost its way to it). */
  invalidate(state: string, reason: string): void {
    this.state = state === 'live' ? 'resyncing' : state;
    this.reason = reason;
  }

  private takeSnapshot(m: SnapshotMessage): void {
    this.book.reset(m.bids, m.asks);
    this.seq = m.seq;
    this.origin = m.origin;
    this.exactDepth = m.exactDepth;
    this.snapshots++;
    this.setIds(m);
    this.state = 'live';
    this.reason = '';
  }

  private takeDiff(m: DiffMessage): ReplicaOutcome {
    if (!this.live) return 'waiting'; // between a resync notice and its snapshot: the snapshot holds it
    if (m.origin !== this.origin) return this.gap(`change ${m.seq} from ${m.origin ?? 'another producer'}, the copy is of ${this.origin ?? 'another'}`);
    if (m.seq <= this.seq) return 'stale';
    if (m.seq !== this.seq + 1) return this.gap(`change ${m.seq} after ${this.seq}: one is missing`);
    const book = this.book;
    book.apply('bid', m.bids);
    book.apply('ask', m.asks);
    // Where lob trims its book to a depth, the levels it dropped are the worst ones beyond its count.
    trimTo(book, 'bid', m.levels.bids);
    trimTo(book, 'ask', m.levels.asks);
    if (m.exactDepth !== undefined) this.exactDepth = m.exactDepth;
    this.seq = m.seq;
    this.diffs++;
    this.levelsApplied += m.bids.length + m.asks.length;
    this.setIds(m);
    return 'applied';
  }

  private gap(reason: string): never {
    this.invalidate('resyncing', reason);
    throw new ReplicaError('gap', reason);
  }

  private setIds(m: SnapshotMessage | DiffMessage): void {
    this.lastUpdateId = m.lastUpdateId;
    this.checksum = m.checksum;
    this.eventTime = m.eventTime;
    this.receivedAt = m.receivedAt;
    this.appliedAt = m.appliedAt;
  }
}

/** Removes a side's worst levels beyond `count` (collected first: the book's iterator must not see its own mutation). */
function trimTo(book: OrderBook, side: Side, count: number): void {
  if (book.size(side) <= count) return;
  const doomed: string[] = [];
  let rank = 0;
  for (const [price] of book.levels(side)) if (rank++ >= count) doomed.push(price);
  for (const price of doomed) book.set(side, price, '0');
}
