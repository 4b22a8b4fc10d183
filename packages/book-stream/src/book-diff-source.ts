import type { BookView, DepthUpdate, ExactDepth, FeedEvent } from '@lob/core';
import { diffMessage, resyncMessage, snapshotMessage } from './message-builders.js';
import type { BookStreamMessage, ResyncMessage, SnapshotMessage } from './messages.js';

/** What a BookDiffSource needs: the book it follows and where its messages go. */
export interface BookDiffSourceOptions {
  readonly view: BookView;
  /** Whether the venue has update ids (else `lastUpdateId` is left out of the messages). */
  readonly hasUpdateIds: boolean;
  /** Receives every message, in order; called synchronously or from a microtask, never concurrently. */
  readonly emit: (message: BookStreamMessage) => void;
  /** Names the producer in every snapshot and diff (see SnapshotMessage.origin). */
  readonly origin?: string;
  /** Local clock of the messages' `time` (default Date.now). */
  readonly now?: () => number;
}

/**
 * One live book's diff stream: a diff per applied event numbered by `seq`, a resync notice once per spell out of
 * sync, and a new snapshot whenever the book is replaced without an update (live again, an in-stream snapshot, a
 * refresh). Fed the feed's `onUpdate`/`onEvent` for its book.
 */
export class BookDiffSource {
  private seqNow = 0;
  /** The copies are void until the next snapshot: diffs are not sent. */
  private pending: boolean;
  private queued = false;
  /** A resync notice went out this spell out of sync. */
  private toldOut: boolean;
  private closed = false;
  /** Anything was sent: a later snapshot replaces a book readers had, and counts as a change. */
  private sentAny = false;
  private sentDepth: ExactDepth;
  private readonly now: () => number;

  constructor(private readonly options: BookDiffSourceOptions) {
    const live = options.view.state === 'live';
    this.pending = !live;
    this.toldOut = !live;
    this.sentDepth = options.view.exactDepth;
    this.now = options.now ?? Date.now;
  }

  /** The change number of the last message. */
  get seq(): number {
    return this.seqNow;
  }

  /** The feed's synchronous update callback for this book. */
  onUpdate(update: DepthUpdate): void {
    const { view } = this.options;
    if (this.pending || this.closed || view.state !== 'live') return;
    const depth = view.exactDepth;
    const changed = depth.bids !== this.sentDepth.bids || depth.asks !== this.sentDepth.asks;
    if (changed) this.sentDepth = depth;
    this.sentAny = true;
    this.options.emit(diffMessage(view, this.options.hasUpdateIds, update, ++this.seqNow, this.options.origin, changed ? depth : undefined));
  }

  /** The feed's events for this book: leaving sync sends a resync notice; a replaced book, a new snapshot. */
  onEvent(event: FeedEvent): void {
    if (this.closed || (event.kind !== 'book' && event.kind !== 'snapshot')) return;
    if (event.kind === 'book' && event.state !== 'live') {
      this.pending = true;
      if (this.toldOut) return;
      this.toldOut = true;
      this.sentAny = true;
      this.options.emit(resyncMessage(event.market, event.symbol, event.state, event.reason, this.now(), event.cause));
      return;
    }
    if (event.kind === 'snapshot' && event.outcome !== 'fetched' && event.outcome !== 'refreshed') return;
    this.queueSnapshot();
  }

  /**
   * What a reader joining now gets first: the book, or a notice that it is out of sync; undefined when a snapshot is
   * already queued (it will reach the reader).
   */
  opening(): SnapshotMessage | ResyncMessage | undefined {
    const { view } = this.options;
    if (!this.pending) return this.snapshot();
    if (this.queued) return undefined;
    return resyncMessage(view.market, view.symbol, view.state, view.reason, this.now());
  }

  /** The book now at the current `seq`, or undefined while it is out of sync. Call outside the feed's callbacks. */
  snapshot(): SnapshotMessage | undefined {
    if (this.pending) return undefined;
    const { view } = this.options;
    return snapshotMessage(view, this.options.hasUpdateIds, this.seqNow, this.now(), this.options.origin);
  }

  /** Stops emitting (a queued snapshot is dropped). */
  close(): void {
    this.closed = true;
  }

  /**
   * Snapshots the book at the end of the current synchronous step: a bridge replays buffered events right after its
   * `live` event, and the snapshot must hold them. Diffs until then are skipped; the snapshot contains them.
   */
  private queueSnapshot(): void {
    this.pending = true;
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      if (this.closed || this.options.view.state !== 'live') return;
      this.pending = false;
      this.toldOut = false;
      // Every reader of the stream has this depth now; later diffs carry it only when it changes again.
      this.sentDepth = this.options.view.exactDepth;
      // A replaced book is a change of its own: no two different books ever carry the same seq.
      if (this.sentAny) this.seqNow++;
      this.sentAny = true;
      this.options.emit(this.snapshot() as SnapshotMessage);
    });
  }
}
