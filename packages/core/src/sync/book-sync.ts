import type { OrderBook } from '../book/order-book.js';
import { decimalKey } from '../book/price-key.js';
import { LobError, SnapshotError } from '../errors.js';
import type { BookSnapshot } from '../types.js';
import { backoffDelay, sleep, type BackoffOptions } from './backoff.js';
import type { DepthUpdate } from './depth-update.js';
import type { SequencingRules } from './sequencing-rules.js';
import type { SnapshotPriority } from './snapshot-limiter.js';
import type { FeedEvent, ResyncCause, SyncState, SyncStats } from './sync-state.js';

/** A read-only view of one symbol's book and where it stands; what consumers hold. */
export interface BookView {
  readonly market: string;
  readonly symbol: string;
  readonly state: SyncState;
  /** Why the book is in its state (e.g. "gap: U=1003 after 1000"). */
  readonly reason: string;
  /** Final update id of the last applied event (the snapshot's before any). */
  readonly lastUpdateId: number;
  readonly book: OrderBook;
  readonly stats: Readonly<SyncStats>;
}

/** What BookSync needs from its surroundings. */
export interface BookSyncOptions {
  readonly market: string;
  readonly symbol: string;
  readonly rules: SequencingRules;
  readonly book: OrderBook;
  /** Fetches a snapshot for this symbol (paced by the shared limiter at the given priority). */
  readonly fetchSnapshot: (symbol: string, signal: AbortSignal, priority: SnapshotPriority) => Promise<BookSnapshot>;
  readonly onEvent: (event: FeedEvent) => void;
  /** Called after each applied event, synchronously, with the book consistent. */
  readonly onApplied?: (view: BookView, update: DepthUpdate) => void;
  /** Back-off between snapshot attempts (default 250 ms doubling to 10 s). */
  readonly snapshotRetry?: BackoffOptions;
  /**
   * A symbol with no event this long after the stream opened gets its snapshot anyway, so a quiet market still
   * shows a book (default 3 000 ms, longer than subscribing 1 024 streams takes).
   */
  readonly quietSnapshotDelayMs?: number;
  /** Most events kept while waiting for a snapshot; the oldest go first (default 20 000). */
  readonly maxBuffered?: number;
  readonly random?: () => number;
  readonly now?: () => number;
}

const DEFAULT_RETRY: BackoffOptions = { baseMs: 250, maxMs: 10_000 };

/**
 * The per-symbol state machine: buffer events from the first frame, fetch a snapshot, bridge the two by the
 * exchange's rules, apply each event in one synchronous step, and resync this symbol alone on a gap. Every
 * resync builds a fresh book from a new snapshot: nothing from before it survives. An epoch counter makes a
 * snapshot that belongs to a superseded attempt harmless.
 */
export class BookSync implements BookView {
  readonly market: string;
  readonly symbol: string;
  readonly book: OrderBook;
  state: SyncState = 'connecting';
  reason = 'waiting for the stream';
  lastUpdateId = 0;
  readonly stats: SyncStats = {
    updatesApplied: 0,
    levelsApplied: 0,
    staleDropped: 0,
    snapshotsFetched: 0,
    resyncs: {},
    lastEventTime: 0,
    lastAppliedAt: 0,
  };

  private readonly rules: SequencingRules;
  private buffer: DepthUpdate[] = [];
  /** Set while the book stands on a snapshot that no event has bridged yet (spot and futures differ here). */
  private bridgeFrom: number | undefined;
  /** After a reconnect, the id a continuing stream may resume from without a snapshot. */
  private resumeFrom: number | undefined;
  /** Whether that id is a snapshot's that no event had bridged yet (futures bridge and continue differently). */
  private resumeBridging = false;
  private epoch = 0;
  private fetching: AbortController | undefined;
  private quietTimer: NodeJS.Timeout | undefined;
  private everLive = false;
  private readonly now: () => number;

  constructor(private readonly options: BookSyncOptions) {
    this.market = options.market;
    this.symbol = options.symbol;
    this.book = options.book;
    this.rules = options.rules;
    this.now = options.now ?? Date.now;
  }

  /** The stream is being (re)opened. */
  connecting(reason: string): void {
    this.cancelFetch();
    this.buffer = [];
    this.transition('connecting', reason);
  }

  /** The stream carrying this symbol is open: buffer from now on; the snapshot is asked for on the first event. */
  streamOpened(): void {
    this.cancelFetch();
    this.buffer = [];
    this.bridgeFrom = undefined;
    this.transition(this.everLive ? 'resyncing' : 'syncing', 'stream open, buffering until the snapshot bridges');
    this.armQuietSnapshot();
  }

  /** Fetches the snapshot after a while even if no event comes, so a quiet symbol still gets a book. */
  private armQuietSnapshot(): void {
    const epoch = this.epoch;
    this.quietTimer = setTimeout(() => {
      this.quietTimer = undefined;
      // Still nothing heard: the snapshot alone is a valid book; the first event must then bridge it.
      if (epoch === this.epoch && this.fetching === undefined && this.buffer.length === 0) {
        this.resumeFrom = undefined;
        this.startFetch();
      }
    }, this.options.quietSnapshotDelayMs ?? 3_000);
  }

  /** The stream went away: whatever the book was, it can no longer be trusted until a new sync. */
  streamClosed(cause: ResyncCause, reason: string, nextAttemptInMs?: number): void {
    if (this.state === 'invalid') return;
    this.cancelFetch();
    this.buffer = [];
    const wasLive = this.state === 'live';
    if (wasLive) {
      this.resumeFrom = this.lastUpdateId;
      this.resumeBridging = this.bridgeFrom !== undefined;
      // Only a live book is resynced by a lost connection; failed attempts to connect are not resyncs.
      this.count(cause);
    }
    const detail = nextAttemptInMs === undefined ? reason : `${reason}; reconnecting in ${nextAttemptInMs} ms`;
    this.transition('backing-off', detail, wasLive ? cause : undefined);
  }

  /**
   * The exchange does not know this symbol (a 400 naming it, a refused subscription): stop trying, for good. Only
   * this symbol is affected; its connection and every other book on it go on.
   */
  invalidate(reason: string): void {
    if (this.state === 'stopped' || this.state === 'invalid') return;
    this.cancelFetch();
    this.buffer = [];
    this.resumeFrom = undefined;
    this.transition('invalid', reason);
  }

  /** Stops for good: no more events are taken and any snapshot in flight is abandoned. */
  stop(): void {
    this.cancelFetch();
    this.buffer = [];
    this.transition('stopped', 'stopped');
  }

  /** Throws the book away and syncs again from a new snapshot; `from` becomes the first buffered event. */
  resync(cause: ResyncCause, reason: string, from?: DepthUpdate): void {
    if (this.state === 'stopped' || this.state === 'connecting' || this.state === 'backing-off' || this.state === 'invalid') return;
    this.cancelFetch();
    this.resumeFrom = undefined;
    this.bridgeFrom = undefined;
    this.buffer = from === undefined ? [] : [from];
    this.count(cause);
    this.transition('resyncing', reason, cause);
    if (from !== undefined) this.startFetch('resync');
    else this.armQuietSnapshot();
  }

  /** One decoded event for this symbol: the hot path. */
  onUpdate(update: DepthUpdate): void {
    switch (this.state) {
      case 'live':
        return this.onLiveUpdate(update);
      case 'syncing':
      case 'resyncing':
        return this.onBufferedUpdate(update);
      default:
        return; // not subscribed as far as we are concerned: a late frame of a closed stream
    }
  }

  private onLiveUpdate(update: DepthUpdate): void {
    const rules = this.rules;
    const id = this.lastUpdateId;
    if (this.bridgeFrom !== undefined) {
      if (rules.staleForSnapshot(update, id)) {
        this.stats.staleDropped++;
        return;
      }
      if (!rules.bridgesSnapshot(update, id)) return this.resync('gap', gapReason(update, id), update);
      this.bridgeFrom = undefined;
      this.reason = `in sync: first event bridged snapshot ${id}`;
      this.apply(update);
      return;
    }
    if (rules.staleForBook(update, id)) {
      this.stats.staleDropped++;
      return;
    }
    if (!rules.continuesBook(update, id)) return this.resync('gap', gapReason(update, id), update);
    this.apply(update);
  }

  private onBufferedUpdate(update: DepthUpdate): void {
    const resumeFrom = this.resumeFrom;
    if (resumeFrom !== undefined && this.buffer.length === 0 && this.fetching === undefined) {
      // After a reconnect the old book is exact up to resumeFrom; a stream that continues it needs no snapshot.
      const rules = this.rules;
      const bridging = this.resumeBridging;
      if (bridging ? rules.staleForSnapshot(update, resumeFrom) : rules.staleForBook(update, resumeFrom)) return;
      this.resumeFrom = undefined;
      if (bridging ? rules.bridgesSnapshot(update, resumeFrom) : rules.continuesBook(update, resumeFrom)) {
        this.lastUpdateId = resumeFrom;
        this.bridgeFrom = undefined;
        this.transition('live', 'stream resumed with no gap, no snapshot needed');
        this.apply(update);
        return;
      }
    }
    this.buffer.push(update);
    const max = this.options.maxBuffered ?? 20_000;
    if (this.buffer.length > max) this.buffer.splice(0, this.buffer.length - max);
    if (this.fetching === undefined) this.startFetch();
  }

  private startFetch(priority: SnapshotPriority = this.everLive ? 'resync' : 'initial'): void {
    const epoch = ++this.epoch;
    const controller = new AbortController();
    this.fetching = controller;
    void this.fetchLoop(epoch, controller.signal, priority);
  }

  private cancelFetch(): void {
    clearTimeout(this.quietTimer);
    this.quietTimer = undefined;
    this.epoch++;
    this.fetching?.abort(new LobError('superseded', 'snapshot no longer needed'));
    this.fetching = undefined;
  }

  private async fetchLoop(epoch: number, signal: AbortSignal, priority: SnapshotPriority): Promise<void> {
    const retry = this.options.snapshotRetry ?? DEFAULT_RETRY;
    for (let attempt = 0; epoch === this.epoch; attempt++) {
      let snapshot: BookSnapshot;
      try {
        snapshot = await this.options.fetchSnapshot(this.symbol, signal, priority);
      } catch (error) {
        if (epoch !== this.epoch || signal.aborted) return;
        if (error instanceof SnapshotError && error.reason === 'unknown-symbol') return this.invalidate(describe(error));
        const retryAfter = (error as { retryAfterMs?: number }).retryAfterMs;
        const delay = backoffDelay(attempt, retry, this.options.random, retryAfter);
        this.emitSnapshot('failed', describe(error), undefined, delay, error instanceof LobError ? error.reason : 'internal');
        if (!(await this.wait(delay, signal))) return;
        continue;
      }
      if (epoch !== this.epoch) return; // belongs to an attempt that was superseded while it was in flight
      this.stats.snapshotsFetched++;
      const outcome = this.bridge(snapshot);
      if (outcome !== 'older') {
        if (outcome === 'bridged') this.emitSnapshot('fetched', 'bridged', snapshot.lastUpdateId);
        if (this.fetching?.signal === signal) this.fetching = undefined;
        return;
      }
      const delay = backoffDelay(attempt, retry, this.options.random);
      const first = this.buffer[0] as DepthUpdate;
      this.emitSnapshot(
        'older-than-stream',
        `snapshot lastUpdateId ${snapshot.lastUpdateId} is older than the first buffered event (U=${first.firstId}); keeping the buffer`,
        snapshot.lastUpdateId,
        delay,
      );
      if (!(await this.wait(delay, signal))) return;
    }
  }

  private async wait(ms: number, signal: AbortSignal): Promise<boolean> {
    try {
      await sleep(ms, signal);
      return true;
    } catch {
      return false;
    }
  }

  /** Bridges a snapshot with the buffer; 'older' when the snapshot is older than the stream (fetch again). */
  private bridge(snapshot: BookSnapshot): 'bridged' | 'older' | 'rejected' {
    const rules = this.rules;
    const sid = snapshot.lastUpdateId;
    const pending = this.buffer.filter((u) => !rules.staleForSnapshot(u, sid));
    this.stats.staleDropped += this.buffer.length - pending.length;
    const first = pending[0];
    if (first !== undefined && !rules.bridgesSnapshot(first, sid)) {
      this.buffer = pending;
      return 'older';
    }
    this.buffer = [];
    try {
      this.book.reset(snapshot.bids, snapshot.asks);
    } catch (error) {
      this.resync('invalid-data', `invalid snapshot: ${describe(error)}`);
      return 'rejected';
    }
    this.lastUpdateId = sid;
    this.bridgeFrom = first === undefined ? sid : undefined;
    this.everLive = true;
    this.transition('live', `snapshot ${sid} bridged${first === undefined ? ', waiting for the first event' : ''}`);
    if (first !== undefined) {
      this.apply(first);
      for (let i = 1; i < pending.length && this.state === 'live'; i++) this.onLiveUpdate(pending[i] as DepthUpdate);
    }
    return 'bridged';
  }

  private apply(update: DepthUpdate): void {
    const book = this.book;
    try {
      book.apply('bid', update.bids);
      book.apply('ask', update.asks);
    } catch (error) {
      return this.resync('invalid-data', `invalid level: ${describe(error)}`);
    }
    this.lastUpdateId = update.lastId;
    const stats = this.stats;
    stats.updatesApplied++;
    stats.levelsApplied += update.bids.length + update.asks.length;
    stats.lastEventTime = update.eventTime;
    stats.lastAppliedAt = this.now();
    const bid = book.best('bid');
    const ask = book.best('ask');
    if (bid !== undefined && ask !== undefined && decimalKey(bid[0]) >= decimalKey(ask[0])) {
      return this.resync('crossed', `crossed book: bid ${bid[0]} >= ask ${ask[0]} after u=${update.lastId}`);
    }
    this.options.onApplied?.(this, update);
  }

  private count(cause: ResyncCause): void {
    this.stats.resyncs[cause] = (this.stats.resyncs[cause] ?? 0) + 1;
  }

  private transition(state: SyncState, reason: string, cause?: ResyncCause): void {
    const previous = this.state;
    this.state = state;
    this.reason = reason;
    this.options.onEvent({
      kind: 'book',
      market: this.market,
      symbol: this.symbol,
      state,
      previous,
      ...(cause === undefined ? {} : { cause }),
      reason,
      at: this.now(),
    });
  }

  private emitSnapshot(
    outcome: 'fetched' | 'failed' | 'older-than-stream',
    reason: string,
    lastUpdateId?: number,
    retryInMs?: number,
    error?: string,
  ): void {
    this.options.onEvent({
      kind: 'snapshot',
      market: this.market,
      symbol: this.symbol,
      outcome,
      ...(error === undefined ? {} : { error }),
      reason,
      ...(lastUpdateId === undefined ? {} : { lastUpdateId }),
      ...(retryInMs === undefined ? {} : { retryInMs }),
      at: this.now(),
    });
  }
}

function gapReason(update: DepthUpdate, id: number): string {
  const prev = update.prevLastId === undefined ? '' : ` pu=${update.prevLastId}`;
  return `gap: event U=${update.firstId} u=${update.lastId}${prev} does not follow ${id}`;
}

function describe(error: unknown): string {
  if (error instanceof LobError) return `${error.reason}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
