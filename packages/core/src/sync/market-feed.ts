import type { OrderBookFactory } from '../book/order-book.js';
import type { BackoffOptions } from './backoff.js';
import { BookSync, type BookView } from './book-sync.js';
import { ConnectionPacer } from './connection-pacer.js';
import type { Connector, RestSnapshots } from './connector.js';
import type { DepthUpdate } from './depth-update.js';
import { BufferBudget } from './event-buffer.js';
import type { SnapshotGate } from './snapshot-gate.js';
import { SnapshotLimiter, type SnapshotPriority } from './snapshot-limiter.js';
import { StreamSession } from './stream-session.js';
import type { FeedEvent } from './sync-state.js';

/** Everything a MarketFeed needs; only connector, symbols and createBook are required. */
export interface MarketFeedOptions {
  readonly connector: Connector;
  readonly symbols: readonly string[];
  readonly createBook: OrderBookFactory;
  /**
   * The exchange-wide snapshot gate; share one between feeds on the same exchange and IP (a SnapshotLimiter, or a
   * gate that asks another thread's limiter for permits). Default: a SnapshotLimiter of the connector's budget.
   */
  readonly limiter?: SnapshotGate;
  /** Paces connection attempts (default: the connector's connectionRate, else 5 at once, then 1 a second, at most 300 in 5 min); share one between feeds on the same IP. */
  readonly connectionPacer?: ConnectionPacer;
  readonly onEvent?: (event: FeedEvent) => void;
  /**
   * Called synchronously after every applied event. That event's times are in `view.stats`: `lastEventTime`
   * (the exchange's, 0 where it sends none), `lastReceivedAt` (its frame's arrival) and `lastAppliedAt`.
   */
  readonly onUpdate?: (view: BookView, update: DepthUpdate) => void;
  /** Nothing at all heard for this long (no frame, ping or pong) means a dead connection (default 30 000 ms). */
  readonly silenceTimeoutMs?: number;
  /** A connection open and alive this long resets the reconnect backoff (default 60 000 ms). */
  readonly healthyAfterMs?: number;
  /** This many frames naming no symbol within `malformedWindowMs` recycle their connection (default 5 in 10 000 ms). */
  readonly malformedLimit?: number;
  readonly malformedWindowMs?: number;
  /** Renew connections before the exchange's 24 h cut (default 23 h 30 min). */
  readonly maxConnectionAgeMs?: number;
  /** Reconnect back-off (default 500 ms doubling to 30 s, full jitter). */
  readonly reconnect?: BackoffOptions;
  /** Snapshot retry back-off (default 250 ms doubling to 10 s, full jitter). */
  readonly snapshotRetry?: BackoffOptions;
  /** Most events a symbol buffers while waiting for a snapshot (default 20 000). */
  readonly maxBuffered?: number;
  /** Most bytes a symbol buffers while waiting for a snapshot (default 8 MiB). */
  readonly maxBufferedBytes?: number;
  /** Buffered events older than this are dropped (default 60 000 ms). */
  readonly maxBufferedAgeMs?: number;
  /** The cap on buffered bytes across symbols; share one between feeds of a process (default: 256 MiB per feed). */
  readonly bufferBudget?: BufferBudget;
  /**
   * Top levels per side kept exact by background refreshes where the exchange does not maintain the window
   * (default: half the snapshot's levels; 0 turns refreshing off).
   */
  readonly minExactDepth?: number;
  /** Applied events between two checks of a book's exact depth (default 32). */
  readonly refreshCheckEvery?: number;
  /** Least time between two refreshes of one book (default 1 000 ms). */
  readonly minRefreshIntervalMs?: number;
  /** Snapshot a symbol that stays quiet this long after subscribing (default 3 000 ms). */
  readonly quietSnapshotDelayMs?: number;
  /** Stops the feed when aborted. */
  readonly signal?: AbortSignal;
  readonly random?: () => number;
  /** The clock of timers, bounds and events, ms since the epoch (default `Date.now`). */
  readonly now?: () => number;
  /** The clock that stamps receive and apply times, sub-millisecond (default `preciseNow`). */
  readonly clock?: () => number;
}

/**
 * Keeps the books of one exchange market: splits the symbols over as few stream connections as the exchange
 * allows, runs one BookSync per symbol, routes every snapshot through the shared limiter and every connection
 * attempt through the shared pacer.
 */
export class MarketFeed {
  readonly market: string;
  readonly exchange: string;
  /** Whether the books' `lastUpdateId` is the exchange's sequence (see Connector.hasUpdateIds). */
  readonly hasUpdateIds: boolean;
  /** The REST snapshot gate; undefined where snapshots come in the stream. */
  readonly limiter: SnapshotGate | undefined;
  readonly bufferBudget: BufferBudget;
  readonly connectionPacer: ConnectionPacer;
  private readonly syncs = new Map<string, BookSync>();
  private readonly sessions: StreamSession[] = [];
  private readonly sessionOf = new Map<string, StreamSession>();
  private started = false;

  constructor(private readonly options: MarketFeedOptions) {
    const { connector } = options;
    this.market = connector.market;
    this.exchange = connector.exchange;
    this.hasUpdateIds = connector.hasUpdateIds;
    const source = connector.snapshots;
    this.limiter =
      source.kind !== 'rest'
        ? undefined
        : (options.limiter ??
          new SnapshotLimiter({
            budget: source.weightBudget,
            // The connector's cheap request lets the limiter check a used-weight figure instead of waiting it out.
            ...(source.probeUsedWeight === undefined ? {} : { probe: (signal: AbortSignal) => source.probeUsedWeight!(signal) }),
          }));
    this.bufferBudget = options.bufferBudget ?? new BufferBudget(256 * 1024 * 1024);
    this.connectionPacer = options.connectionPacer ?? new ConnectionPacer({ ...connector.connectionRate, now: options.now });
    const onEvent = options.onEvent ?? (() => undefined);
    for (const raw of options.symbols) {
      const symbol = connector.normalizeSymbol(raw);
      if (this.syncs.has(symbol)) continue;
      this.syncs.set(
        symbol,
        new BookSync({
          market: this.market,
          symbol,
          rules: connector.rules,
          book: options.createBook(),
          createBook: options.createBook,
          depthWindow: connector.depthWindow,
          minExactDepth: options.minExactDepth,
          refreshCheckEvery: options.refreshCheckEvery,
          minRefreshIntervalMs: options.minRefreshIntervalMs,
          snapshots: source.kind,
          ...(source.kind === 'rest'
            ? { fetchSnapshot: (s: string, signal: AbortSignal, priority: SnapshotPriority) => this.fetchSnapshot(s, signal, priority) }
            : {
                requestSnapshot: (s: string) => this.sessionOf.get(s)?.resubscribe([s]),
                ...(source.snapshotTimeoutMs === undefined ? {} : { snapshotTimeoutMs: source.snapshotTimeoutMs }),
              }),
          onEvent,
          onApplied: options.onUpdate,
          snapshotRetry: options.snapshotRetry,
          maxBuffered: options.maxBuffered,
          maxBufferedBytes: options.maxBufferedBytes,
          maxBufferedAgeMs: options.maxBufferedAgeMs,
          bufferBudget: this.bufferBudget,
          quietSnapshotDelayMs: options.quietSnapshotDelayMs,
          random: options.random,
          now: options.now,
          clock: options.clock,
        }),
      );
    }
    const all = [...this.syncs.entries()];
    const perConnection = Math.max(1, connector.maxSymbolsPerConnection);
    for (let i = 0; i < all.length; i += perConnection) {
      const carried = all.slice(i, i + perConnection);
      const session = new StreamSession({
          id: this.sessions.length + 1,
          connector,
          syncs: new Map(carried),
          onEvent,
          silenceTimeoutMs: options.silenceTimeoutMs ?? 30_000,
          maxConnectionAgeMs: options.maxConnectionAgeMs ?? 23.5 * 3_600_000,
          reconnect: options.reconnect ?? { baseMs: 500, maxMs: 30_000 },
          pacer: this.connectionPacer,
          healthyAfterMs: options.healthyAfterMs,
          malformedLimit: options.malformedLimit,
          malformedWindowMs: options.malformedWindowMs,
          random: options.random,
          now: options.now,
          clock: options.clock,
        });
      this.sessions.push(session);
      for (const [symbol] of carried) this.sessionOf.set(symbol, session);
    }
    options.signal?.addEventListener('abort', () => this.stop(), { once: true });
  }

  /** Opens every connection; books fill in as their snapshots bridge. */
  start(): void {
    if (this.started || this.options.signal?.aborted) return;
    this.started = true;
    for (const session of this.sessions) session.start();
  }

  /** Closes every connection and timer; pending snapshots are abandoned. */
  stop(): void {
    for (const session of this.sessions) session.stop();
  }

  /** Every symbol's book view, in configuration order. */
  books(): BookView[] {
    return [...this.syncs.values()];
  }

  /** One symbol's book view (symbol in the exchange's spelling, or any case). */
  book(symbol: string): BookView | undefined {
    return this.syncs.get(symbol) ?? this.syncs.get(symbol.toUpperCase());
  }

  /** Forces one symbol to resync (e.g. from an operator command). */
  resync(symbol: string, reason: string): void {
    this.syncs.get(symbol)?.resync('manual', reason);
  }

  /** Connection counts for metrics. */
  connections(): { total: number; open: number; frames: number; malformed: number; reconnects: number } {
    const out = { total: this.sessions.length, open: 0, frames: 0, malformed: 0, reconnects: 0 };
    for (const s of this.sessions) {
      if (s.stats.open) out.open++;
      out.frames += s.stats.frames;
      out.malformed += s.stats.malformed;
      out.reconnects += s.stats.reconnects;
    }
    return out;
  }

  private async fetchSnapshot(symbol: string, signal: AbortSignal, priority: SnapshotPriority) {
    const source = this.options.connector.snapshots as RestSnapshots;
    const limiter = this.limiter as SnapshotGate;
    const response = await limiter.run(source.snapshotWeight, signal, () => source.fetchSnapshot(symbol, signal), priority);
    return response.snapshot;
  }
}
