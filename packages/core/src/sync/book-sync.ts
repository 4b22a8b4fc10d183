import type { OrderBook, OrderBookFactory } from '../book/order-book.js';
import { decimalKey } from '../book/price-key.js';
import { trimToDepth } from '../book/trim-to-depth.js';
import { BookError, LobError, SnapshotError } from '../errors.js';
import type { BookSnapshot } from '../types.js';
import { backoffDelay, sleep, type BackoffOptions } from './backoff.js';
import type { DepthWindow } from './connector.js';
import { changesIn, type DepthUpdate, type StreamSnapshot } from './depth-update.js';
import { EventBuffer, type BufferBudget } from './event-buffer.js';
import type { SequencingRules } from './sequencing-rules.js';
import { SnapshotReach, type ExactDepth } from './snapshot-reach.js';
import type { SnapshotPriority } from './snapshot-limiter.js';
import { Refresh, type RefreshHost } from './book-refresh.js';
import { preciseNow } from './precise-clock.js';
import type { FeedEvent, ResyncCause, RetryPlan, SnapshotEvent, SyncState, SyncStats } from './sync-state.js';
import { emptySyncStats } from './empty-sync-stats.js';

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
  /** How many top levels per side are guaranteed to be the exchange's (the rest may have holes). */
  readonly exactDepth: ExactDepth;
  /** The exchange's checksum the book last matched, where the venue sends checksums; else undefined. */
  readonly checksum: number | undefined;
  readonly stats: Readonly<SyncStats>;
}

/** What BookSync needs from its surroundings. */
export interface BookSyncOptions {
  readonly market: string;
  readonly symbol: string;
  readonly rules: SequencingRules;
  readonly book: OrderBook;
  /** Makes the fresh book a background refresh is built in; without it, books are never refreshed. */
  readonly createBook?: OrderBookFactory;
  /** How far a held book is exact (default: the exchange maintains the window, everything held is exact). */
  readonly depthWindow?: DepthWindow;
  /**
   * Top levels per side to keep exact by refreshing in the background (default: half the snapshot's levels; 0
   * turns refreshing off). Only for snapshot-bounded depth windows.
   */
  readonly minExactDepth?: number;
  /** How many applied events between two checks of the exact depth (default 32). */
  readonly refreshCheckEvery?: number;
  /** Least time between two refreshes of this book (default 1 000 ms). */
  readonly minRefreshIntervalMs?: number;
  /**
   * Where snapshots come from. `rest` (default): fetched with `fetchSnapshot` and bridged to the buffered stream.
   * `stream`: the first message of a subscription (`onSnapshot`); a resync asks for one with `requestSnapshot`.
   */
  readonly snapshots?: 'rest' | 'stream';
  /** Fetches a snapshot for this symbol (paced by the shared limiter at the given priority); for `rest`. */
  readonly fetchSnapshot?: (symbol: string, signal: AbortSignal, priority: SnapshotPriority) => Promise<BookSnapshot>;
  /** Asks the stream for a fresh snapshot of this symbol (resubscribes it on its connection); for `stream`. */
  readonly requestSnapshot?: (symbol: string) => void;
  /** For `stream`: how long to wait for a snapshot before asking again (default 10 000 ms, growing on repeats). */
  readonly snapshotTimeoutMs?: number;
  readonly onEvent: (event: FeedEvent) => void;
  /**
   * Called after each applied event, synchronously, with the book consistent. The event's exchange, receive and
   * apply times are in `view.stats` (`lastEventTime`, `lastReceivedAt`, `lastAppliedAt`).
   */
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
  /** Most bytes of events kept while waiting for a snapshot (default 8 MiB). */
  readonly maxBufferedBytes?: number;
  /** Events buffered longer than this are dropped: a snapshot asked for later contains them (default 60 000 ms). */
  readonly maxBufferedAgeMs?: number;
  /** A cap on buffered bytes shared with other symbols. */
  readonly bufferBudget?: BufferBudget;
  readonly random?: () => number;
  /** The clock of timers, bounds and events, ms since the epoch (default `Date.now`). */
  readonly now?: () => number;
  /** The clock that stamps receive and apply times, sub-millisecond (default `preciseNow`). */
  readonly clock?: () => number;
}

const DEFAULT_RETRY: BackoffOptions = { baseMs: 250, maxMs: 10_000 };
/** Between resubscriptions of one symbol that keeps failing: a subscription budget is counted per hour (OKX 480). */
const STREAM_RETRY: BackoffOptions = { baseMs: 1_000, maxMs: 60_000 };

/**
 * The per-symbol state machine: buffer events from the first frame, fetch a snapshot, bridge the two by the
 * exchange's rules, apply each event in one synchronous step, and resync this symbol alone on a gap. Every
 * resync builds a fresh book from a new snapshot: nothing from before it survives. An epoch counter makes a
 * snapshot that belongs to a superseded attempt harmless.
 */
export class BookSync implements BookView {
  readonly market: string;
  readonly symbol: string;
  state: SyncState = 'connecting';
  reason = 'waiting for the stream';
  lastUpdateId = 0;
  checksum: number | undefined;
  readonly stats: SyncStats = emptySyncStats();

  private readonly rules: SequencingRules;
  private current: OrderBook;
  private readonly buffer: EventBuffer;
  private readonly reach: SnapshotReach;
  /** Refresh when an exact side is thinner than this; 0 never. */
  private readonly refreshBelow: number;
  private sinceCheck = 0;
  private refresh: Refresh | undefined;
  private lastRefreshAt = -Infinity;
  /** Applied-change counter: the exact depth is cached per value. */
  private version = 0;
  private exactCache: { version: number; depth: ExactDepth } | undefined;
  private trimTold = false;
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
  /** For in-stream snapshots: the wait for a snapshot, or the pause before asking for one again. */
  private snapshotTimer: NodeJS.Timeout | undefined;
  /** For in-stream snapshots: resubscriptions asked in a row without the book staying live a while. */
  private resubscribes = 0;
  private liveSince = 0;
  private readonly inStream: boolean;
  /** For a client-trimmed window: the levels per side kept. */
  private readonly trimDepth: number | undefined;
  /** The highest update id this book has shown live: no later state may be older. */
  private highWater = 0;
  private readonly now: () => number;
  private readonly clock: () => number;

  constructor(private readonly options: BookSyncOptions) {
    this.market = options.market;
    this.symbol = options.symbol;
    this.current = options.book;
    this.rules = options.rules;
    this.now = options.now ?? Date.now;
    this.clock = options.clock ?? preciseNow;
    this.buffer = new EventBuffer({
      maxEvents: options.maxBuffered,
      maxBytes: options.maxBufferedBytes,
      maxAgeMs: options.maxBufferedAgeMs,
      budget: options.bufferBudget,
    });
    const window = options.depthWindow;
    const levels = window?.kind === 'snapshot-bounded' ? window.snapshotLevels : undefined;
    this.reach = new SnapshotReach(levels);
    this.inStream = options.snapshots === 'stream';
    this.trimDepth = window?.kind === 'client-trimmed' ? window.depth : undefined;
    const floor = levels === undefined || options.createBook === undefined ? 0 : Math.min(levels, options.minExactDepth ?? Math.floor(levels / 2));
    // Refresh halfway between the floor and a fresh snapshot's reach, so the new book is in place before the floor.
    this.refreshBelow = floor <= 0 || levels === undefined ? 0 : Math.ceil((floor + levels) / 2);
  }

  /** The book as it stands; a refresh replaces it with a fresh one at the same update id. */
  get book(): OrderBook {
    return this.current;
  }

  /** Top levels per side guaranteed to be the exchange's; zero unless live. */
  get exactDepth(): ExactDepth {
    if (this.state !== 'live') return NO_DEPTH;
    const cached = this.exactCache;
    if (cached !== undefined && cached.version === this.version) return cached.depth;
    const depth = this.reach.exactDepth(this.current);
    this.exactCache = { version: this.version, depth };
    return depth;
  }

  /** The stream is being (re)opened. */
  connecting(reason: string): void {
    if (this.state === 'invalid') return;
    this.cancelFetch();
    this.buffer.clear();
    this.transition('connecting', reason);
  }

  /** The stream carrying this symbol is open: buffer from now on; the snapshot is asked for on the first event. */
  streamOpened(): void {
    if (this.state === 'invalid') return;
    this.cancelFetch();
    this.buffer.clear();
    this.bridgeFrom = undefined;
    if (this.inStream) {
      this.transition(this.everLive ? 'resyncing' : 'syncing', 'stream open, waiting for the snapshot in the stream');
      return this.armSnapshotWait();
    }
    this.transition(this.everLive ? 'resyncing' : 'syncing', 'stream open, buffering until the snapshot bridges');
    this.armQuietSnapshot();
  }

  /** In-stream snapshots: if none comes in time (a lost reply, a silent refusal), ask for one again. */
  private armSnapshotWait(): void {
    this.clearQuietTimer();
    const wait = this.options.snapshotTimeoutMs ?? 10_000;
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = undefined;
      if (this.state !== 'syncing' && this.state !== 'resyncing') return;
      this.emitSnapshot('failed', `no snapshot in the stream within ${wait} ms: subscribing again`, undefined, undefined, 'timeout');
      this.requestStreamSnapshot();
    }, wait);
  }

  /** In-stream snapshots: resubscribes now, or after a growing pause when resyncs come one after another. */
  private requestStreamSnapshot(): void {
    // A book that stayed live a while earned a fresh start; otherwise every repeat waits longer, so a symbol whose
    // every snapshot fails cannot spend the connection's subscription budget in a storm.
    if (this.liveSince > 0 && this.now() - this.liveSince > 30_000) this.resubscribes = 0;
    this.liveSince = 0;
    const attempt = this.resubscribes++;
    const delay = attempt === 0 ? 0 : backoffDelay(attempt - 1, this.options.snapshotRetry ?? STREAM_RETRY, this.options.random);
    const ask = (): void => {
      this.snapshotTimer = undefined;
      if (this.state !== 'syncing' && this.state !== 'resyncing') return;
      this.options.requestSnapshot?.(this.symbol);
      this.armSnapshotWait();
    };
    clearTimeout(this.snapshotTimer);
    if (delay === 0) return ask();
    this.snapshotTimer = setTimeout(ask, delay);
  }

  /**
   * A whole book from the stream (a subscription's first message): it replaces whatever the book held.
   * `receivedAt`: when its frame arrived, by the precise clock (default: now).
   */
  onSnapshot(snapshot: StreamSnapshot, receivedAt: number = this.clock()): void {
    if (!this.inStream) return;
    if (this.state !== 'syncing' && this.state !== 'resyncing' && this.state !== 'live') return;
    clearTimeout(this.snapshotTimer);
    this.snapshotTimer = undefined;
    this.stats.snapshotsFetched++;
    const book = this.current;
    try {
      book.reset(snapshot.bids, snapshot.asks);
      if (this.trimDepth !== undefined) trimToDepth(book, this.trimDepth);
    } catch (error) {
      return this.refuse(error, 'invalid snapshot');
    }
    this.version++;
    this.reach.load(snapshot);
    const id = snapshot.lastUpdateId;
    this.lastUpdateId = id;
    this.everLive = true;
    const crossed = crossedAt(book);
    if (crossed !== undefined) return this.resync('crossed', `crossed snapshot: ${crossed}`);
    const verify = this.rules.verify;
    if (verify !== undefined && !verify(book, snapshot)) {
      return this.resync('checksum', 'checksum mismatch on the snapshot: the book is not the exchange\'s');
    }
    this.checksum = snapshot.checksum;
    this.stamp(snapshot.eventTime, receivedAt);
    if (this.liveSince === 0) this.liveSince = this.now();
    this.transition('live', id === 0 ? 'snapshot from the stream' : `snapshot ${id} from the stream`);
    this.emitSnapshot('fetched', 'in-stream snapshot', id);
  }

  /** Fetches the snapshot after a while even if no event comes, so a quiet symbol still gets a book. */
  private armQuietSnapshot(): void {
    const epoch = this.epoch;
    this.quietTimer = setTimeout(() => {
      this.quietTimer = undefined;
      // Still nothing heard: the snapshot alone is a valid book; the first event must then bridge it. A book that
      // went live meanwhile (resumed after a reconnect) needs none: a snapshot now could be older than it.
      if (epoch === this.epoch && this.state !== 'live' && this.fetching === undefined && this.buffer.length === 0) {
        this.resumeFrom = undefined;
        // Behind gap resyncs: nothing is known to be wrong with a quiet symbol.
        this.startFetch('initial');
      }
    }, this.options.quietSnapshotDelayMs ?? 3_000);
  }

  /** The stream went away: whatever the book was, it can no longer be trusted until a new sync. */
  streamClosed(cause: ResyncCause, reason: string, retry?: RetryPlan): void {
    if (this.state === 'invalid') return;
    this.cancelFetch();
    this.buffer.clear();
    const wasLive = this.state === 'live';
    // A new subscription brings its own snapshot: there is nothing to resume from.
    if (wasLive && !this.inStream) {
      this.resumeFrom = this.lastUpdateId;
      this.resumeBridging = this.bridgeFrom !== undefined;
    }
    // Only a live book is resynced by a lost connection; failed attempts to connect are not resyncs.
    if (wasLive) this.count(cause);
    const detail = retry === undefined ? reason : `${reason}; reconnecting in ${retry.inMs} ms`;
    this.transition('backing-off', detail, wasLive ? cause : undefined, retry);
  }

  /**
   * The exchange does not know this symbol (a 400 naming it, a refused subscription): stop trying, for good. Only
   * this symbol is affected; its connection and every other book on it go on.
   */
  invalidate(reason: string): void {
    if (this.state === 'stopped' || this.state === 'invalid') return;
    this.cancelFetch();
    this.buffer.clear();
    this.resumeFrom = undefined;
    this.transition('invalid', reason);
  }

  /** Stops for good: no more events are taken and any snapshot in flight is abandoned. */
  stop(): void {
    this.cancelFetch();
    this.buffer.clear();
    this.transition('stopped', 'stopped');
  }

  /**
   * Throws the book away and syncs again from a new snapshot; `from` becomes the first buffered event, received
   * at `fromReceivedAt` (default: now).
   */
  resync(cause: ResyncCause, reason: string, from?: DepthUpdate, fromReceivedAt?: number): void {
    if (this.state === 'stopped' || this.state === 'connecting' || this.state === 'backing-off' || this.state === 'invalid') return;
    this.cancelFetch();
    this.resumeFrom = undefined;
    this.bridgeFrom = undefined;
    this.buffer.clear();
    if (from !== undefined) this.buffer.push(from, this.now(), fromReceivedAt ?? this.clock());
    this.count(cause);
    this.transition('resyncing', reason, cause);
    if (this.inStream) this.requestStreamSnapshot();
    else if (from !== undefined) this.startFetch('resync');
    else this.armQuietSnapshot();
  }

  /**
   * One decoded event for this symbol: the hot path. `receivedAt`: when its frame arrived, by the precise clock
   * (default: now); it stays with the event through a wait for a snapshot.
   */
  onUpdate(update: DepthUpdate, receivedAt: number = this.clock()): void {
    switch (this.state) {
      case 'live':
        return this.onLiveUpdate(update, receivedAt);
      case 'syncing':
      case 'resyncing':
        // In-stream: updates before the subscription's snapshot belong to an older subscription; the snapshot
        // contains them.
        if (this.inStream) return;
        return this.onBufferedUpdate(update, receivedAt);
      default:
        return; // not subscribed as far as we are concerned: a late frame of a closed stream
    }
  }

  private onLiveUpdate(update: DepthUpdate, receivedAt: number): void {
    const rules = this.rules;
    const id = this.lastUpdateId;
    const bridging = this.bridgeFrom !== undefined;
    const verdict = rules.classify(update, id, bridging);
    if (verdict === 'stale') {
      this.stats.staleDropped++;
      return;
    }
    if (verdict === 'gap') return this.resync('gap', gapReason(update, id), update, receivedAt);
    if (bridging) {
      this.bridgeFrom = undefined;
      this.reason = `in sync: first event bridged snapshot ${id}`;
    }
    this.apply(update, receivedAt);
  }

  private onBufferedUpdate(update: DepthUpdate, receivedAt: number): void {
    const resumeFrom = this.resumeFrom;
    if (resumeFrom !== undefined && this.buffer.length === 0 && this.fetching === undefined) {
      // After a reconnect the old book is exact up to resumeFrom; a stream that continues it needs no snapshot.
      const verdict = this.rules.classify(update, resumeFrom, this.resumeBridging);
      if (verdict === 'stale') return;
      this.resumeFrom = undefined;
      if (verdict === 'apply') {
        // The book is exact up to resumeFrom and this event continues it: live again, and nothing to fetch.
        this.clearQuietTimer();
        this.lastUpdateId = resumeFrom;
        this.bridgeFrom = undefined;
        this.transition('live', 'stream resumed with no gap, no snapshot needed');
        this.apply(update, receivedAt);
        return;
      }
    }
    this.buffer.push(update, this.now(), receivedAt);
    this.reportTrim();
    if (this.fetching === undefined) this.startFetch();
  }

  /** Says once per wait for a snapshot that a bound made the buffer drop events, and which. */
  private reportTrim(): void {
    const cause = this.buffer.lastTrim;
    if (cause === undefined || this.trimTold) return;
    this.trimTold = true;
    this.options.onEvent({
      kind: 'buffer',
      market: this.market,
      symbol: this.symbol,
      bound: cause,
      reason:
        cause === 'global'
          ? 'the buffer cap shared by all symbols is reached: dropping this symbol\'s oldest buffered events'
          : `this symbol's buffer bound (${cause}) is reached: dropping its oldest buffered events`,
      at: this.now(),
    });
  }

  private startFetch(priority: SnapshotPriority = this.everLive ? 'resync' : 'initial'): void {
    const epoch = ++this.epoch;
    const controller = new AbortController();
    this.fetching = controller;
    void this.fetchLoop(epoch, controller.signal, priority);
  }

  private cancelFetch(): void {
    this.clearQuietTimer();
    this.cancelRefresh();
    this.epoch++;
    this.fetching?.abort(new LobError('superseded', 'snapshot no longer needed'));
    this.fetching = undefined;
  }

  private clearQuietTimer(): void {
    clearTimeout(this.quietTimer);
    this.quietTimer = undefined;
    clearTimeout(this.snapshotTimer);
    this.snapshotTimer = undefined;
  }

  private async fetchLoop(epoch: number, signal: AbortSignal, priority: SnapshotPriority): Promise<void> {
    const retry = this.options.snapshotRetry ?? DEFAULT_RETRY;
    for (let attempt = 0; epoch === this.epoch; attempt++) {
      let snapshot: BookSnapshot;
      try {
        snapshot = await (this.options.fetchSnapshot as NonNullable<BookSyncOptions['fetchSnapshot']>)(this.symbol, signal, priority);
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
      // The response's arrival, as near as this code can tell it (the body is read and parsed by then).
      const receivedAt = this.clock();
      this.stats.snapshotsFetched++;
      const outcome = this.bridge(snapshot, receivedAt);
      if (outcome !== 'older') {
        if (this.fetching?.signal === signal) this.fetching = undefined;
        // Told only when the book stands: replaying the buffer may already have found a gap or a crossed book.
        if (outcome === 'bridged' && this.state === 'live') this.emitSnapshot('fetched', 'bridged', snapshot.lastUpdateId);
        return;
      }
      const delay = backoffDelay(attempt, retry, this.options.random);
      const first = this.buffer.at(0);
      const than = first === undefined ? `the update id ${this.highWater} this book already showed` : `the first buffered event (U=${first.firstId})`;
      this.emitSnapshot('older-than-stream', `snapshot lastUpdateId ${snapshot.lastUpdateId} is older than ${than}; keeping the buffer`, snapshot.lastUpdateId, delay);
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
  private bridge(snapshot: BookSnapshot, receivedAt: number): 'bridged' | 'older' | 'rejected' {
    const rules = this.rules;
    const sid = snapshot.lastUpdateId;
    // A live book never goes back in time: a snapshot older than what this book already showed waits for a newer one.
    if (sid < this.highWater) return 'older';
    const buffered = this.buffer;
    while (buffered.length > 0 && rules.classify(buffered.at(0) as DepthUpdate, sid, true) === 'stale') {
      buffered.shift();
      this.stats.staleDropped++;
    }
    const first = buffered.at(0);
    if (first !== undefined && rules.classify(first, sid, true) !== 'apply') return 'older';
    const pending = buffered.toArray();
    const pendingReceived = pending.map((_, i) => buffered.receivedAt(i));
    this.stats.bufferDropped += buffered.dropped;
    buffered.clear();
    this.trimTold = false;
    const book = this.current;
    try {
      book.reset(snapshot.bids, snapshot.asks);
    } catch (error) {
      this.refuse(error, 'invalid snapshot');
      return 'rejected';
    }
    this.version++;
    this.reach.load(snapshot);
    this.lastUpdateId = sid;
    this.bridgeFrom = first === undefined ? sid : undefined;
    this.everLive = true;
    this.sinceCheck = 0;
    const crossed = crossedAt(book);
    // Caught here too: with no event to replay, nothing else would look before the next event.
    if (crossed !== undefined) {
      this.resync('crossed', `crossed snapshot ${sid}: ${crossed}`);
      return 'rejected';
    }
    // A REST snapshot carries no exchange time (0); each replayed event then stamps its own times.
    this.stamp(0, receivedAt);
    // No "waiting for the first event" here: the copies of this book (workers, the bus) keep a state event's reason
    // until the next one, and the first event changes no state.
    this.transition('live', `snapshot ${sid} bridged`);
    this.highWater = Math.max(this.highWater, sid);
    if (first !== undefined) {
      this.apply(first, pendingReceived[0] as number);
      for (let i = 1; i < pending.length && this.state === 'live'; i++) this.onLiveUpdate(pending[i] as DepthUpdate, pendingReceived[i] as number);
    }
    return 'bridged';
  }

  /** A book refused input: a price it cannot key exactly makes the symbol invalid, anything else resyncs it. */
  private refuse(error: unknown, what: string): void {
    if (error instanceof BookError && error.reason === 'unrepresentable-price') return this.invalidate(`${what}: ${describe(error)}`);
    this.resync('invalid-data', `${what}: ${describe(error)}`);
  }

  /** Records the times of a snapshot that replaced the book: its exchange time (0: none), receipt, and now. */
  private stamp(eventTime: number, receivedAt: number): void {
    const stats = this.stats;
    stats.lastEventTime = eventTime;
    stats.lastReceivedAt = receivedAt;
    stats.lastAppliedAt = this.clock();
  }

  private apply(update: DepthUpdate, receivedAt: number): void {
    const book = this.current;
    try {
      const { bidCodes, askCodes, bidSpellings, askSpellings } = update;
      if (book.applySpelled !== undefined && bidSpellings !== undefined && askSpellings !== undefined && bidCodes !== undefined && askCodes !== undefined) {
        book.applySpelled('bid', bidCodes, bidSpellings);
        book.applySpelled('ask', askCodes, askSpellings);
      } else {
        book.apply('bid', update.bids, bidCodes);
        book.apply('ask', update.asks, askCodes);
      }
    } catch (error) {
      return this.refuse(error, 'invalid level');
    }
    if (this.trimDepth !== undefined) trimToDepth(book, this.trimDepth);
    this.version++;
    this.lastUpdateId = update.lastId;
    if (update.lastId > this.highWater) this.highWater = update.lastId;
    const stats = this.stats;
    stats.updatesApplied++;
    stats.levelsApplied += changesIn(update);
    stats.lastEventTime = update.eventTime;
    stats.lastReceivedAt = receivedAt;
    stats.lastAppliedAt = this.clock();
    const crossed = crossedAt(book);
    if (crossed !== undefined) return this.resync('crossed', `crossed book: ${crossed} after ${describeIds(update)}`);
    const verify = this.rules.verify;
    if (verify !== undefined && !verify(book, update)) {
      return this.resync('checksum', `checksum mismatch after ${describeIds(update)}: the book is not the exchange's`);
    }
    if (update.checksum !== undefined) this.checksum = update.checksum;
    if (this.refresh !== undefined) this.refresh.follow(update);
    else if (this.refreshBelow > 0 && ++this.sinceCheck >= (this.options.refreshCheckEvery ?? 32)) this.checkDepth();
    const onApplied = this.options.onApplied;
    if (onApplied === undefined) return;
    try {
      onApplied(this, update);
    } catch (error) {
      // A consumer's bug must not take the process down, whichever path applied the event (live or a replay).
      this.resync('consumer', `a consumer callback threw: ${describe(error)}`);
    }
  }

  /** Starts a background refresh when a side's exact depth is running out. */
  private checkDepth(): void {
    this.sinceCheck = 0;
    const below = this.refreshBelow;
    const book = this.current;
    const reach = this.reach;
    // A side the snapshot showed whole stays whole (the stream reports every change): only a bounded side erodes.
    const thin = (side: 'bid' | 'ask'): boolean => reach.bounded(side) && reach.exact(book, side, below) < below;
    if (!thin('bid') && !thin('ask')) return;
    if (this.now() - this.lastRefreshAt < (this.options.minRefreshIntervalMs ?? 1_000)) return;
    this.lastRefreshAt = this.now();
    this.refresh = new Refresh(this.refreshHost(), this.options.snapshotRetry ?? DEFAULT_RETRY, this.options.random);
  }

  /** What a Refresh may see and do: read the live book, fetch, and swap in its result. */
  private refreshHost(): RefreshHost {
    return {
      symbol: this.symbol,
      rules: this.rules,
      createBook: this.options.createBook as OrderBookFactory,
      fetchSnapshot: this.options.fetchSnapshot as NonNullable<BookSyncOptions['fetchSnapshot']>,
      liveId: () => this.lastUpdateId,
      swap: (book, snapshot) => this.swapIn(book, snapshot),
      end: (refresh, outcome, reason) => {
        if (this.refresh !== refresh) return;
        this.refresh = undefined;
        this.emitSnapshot(outcome, reason);
      },
    };
  }

  /** Replaces the live book by a refreshed one at the same update id, in one synchronous step. */
  private swapIn(book: OrderBook, snapshot: BookSnapshot): void {
    this.current = book;
    this.reach.load(snapshot);
    this.version++;
    this.stats.refreshes++;
    this.stats.snapshotsFetched++;
    this.lastRefreshAt = this.now();
  }

  private cancelRefresh(): void {
    const refresh = this.refresh;
    this.refresh = undefined;
    refresh?.cancel();
  }

  private count(cause: ResyncCause): void {
    this.stats.resyncs[cause] = (this.stats.resyncs[cause] ?? 0) + 1;
  }

  private transition(state: SyncState, reason: string, cause?: ResyncCause, retry?: RetryPlan): void {
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
      ...(retry === undefined ? {} : { retry }),
      at: this.now(),
    });
  }

  private emitSnapshot(
    outcome: SnapshotEvent['outcome'],
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

const NO_DEPTH: ExactDepth = Object.freeze({ bids: 0, asks: 0 });

/** "bid X >= ask Y" when the book is crossed, else undefined. */
function crossedAt(book: OrderBook): string | undefined {
  const bid = book.best('bid');
  const ask = book.best('ask');
  if (bid === undefined || ask === undefined || decimalKey(bid[0]) < decimalKey(ask[0])) return undefined;
  return `bid ${bid[0]} >= ask ${ask[0]}`;
}

/** The ids of an update for a message: "u=5", or "the update at <time>" where the venue has none. */
function describeIds(update: DepthUpdate): string {
  return update.lastId === 0 && update.firstId === 0 ? `the update of ${update.eventTime}` : `u=${update.lastId}`;
}

function gapReason(update: DepthUpdate, id: number): string {
  // In the venue-neutral terms of DepthUpdate: Binance calls them U, u and pu, OKX seqId and prevSeqId.
  const prev = update.prevLastId === undefined ? '' : ` (previous ${update.prevLastId})`;
  return `gap: update ${update.firstId}..${update.lastId}${prev} does not follow ${id}`;
}

function describe(error: unknown): string {
  if (error instanceof LobError) return `${error.reason}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
