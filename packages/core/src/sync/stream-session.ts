import { DecodeError, LobError } from '../errors.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import type { BookSync } from './book-sync.js';
import { ConnectionPacer } from './connection-pacer.js';
import { preciseNow } from './precise-clock.js';
import type { Connector, StreamConnection, StreamListener } from './connector.js';
import type { StreamMessage } from './depth-update.js';
import type { FeedEvent, ResyncCause } from './sync-state.js';

/** How a StreamSession watches and restores its connection. */
export interface StreamSessionOptions {
  readonly id: number;
  readonly connector: Connector;
  readonly syncs: ReadonlyMap<string, BookSync>;
  readonly onEvent: (event: FeedEvent) => void;
  /** Nothing at all heard for this long (no frame, no ping, no pong) means the connection is dead (default 30 s). */
  readonly silenceTimeoutMs: number;
  /** Reconnect before the exchange's own connection age limit (Binance: 24 h). */
  readonly maxConnectionAgeMs: number;
  readonly reconnect: BackoffOptions;
  /** Paces every connection attempt; share one between the sessions on an IP (default: one of its own). */
  readonly pacer?: ConnectionPacer;
  /** A connection open and alive this long resets the reconnect backoff (default 60 000 ms). */
  readonly healthyAfterMs?: number;
  /** This many frames naming no symbol within `malformedWindowMs` recycle the connection (default 5). */
  readonly malformedLimit?: number;
  /** See `malformedLimit` (default 10 000 ms). */
  readonly malformedWindowMs?: number;
  readonly random?: () => number;
  /** The clock of timers and events, ms since the epoch (default `Date.now`). */
  readonly now?: () => number;
  /** The clock that stamps each frame's arrival, sub-millisecond (default `preciseNow`). */
  readonly clock?: () => number;
}

/**
 * One stream connection and the symbols it carries: decodes every frame synchronously and routes it to its
 * symbol's BookSync; on close, error, silence, repeated garbage or a server shutdown notice it marks every symbol
 * out of sync and reconnects (at once after a shutdown notice, otherwise with exponential backoff and full
 * jitter), every attempt paced by the shared ConnectionPacer.
 */
export class StreamSession {
  private connection: StreamConnection | undefined;
  private attempt = 0;
  /** When anything last came from the server: a frame, a ping, a pong. */
  private lastAliveAt = 0;
  private openedAt = 0;
  /** When the recent frames that named no symbol arrived (at most malformedLimit of them). */
  private recentGarbage: number[] = [];
  private watchdog: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The last connection-wide sequence number seen on this connection, where the venue numbers its messages. */
  private connectionSeq: number | undefined;
  private readonly now: () => number;
  private readonly clock: () => number;
  private readonly symbols: string[];
  private readonly pacer: ConnectionPacer;
  /** Frames received, malformed frames seen. */
  readonly stats = { frames: 0, malformed: 0, reconnects: 0, open: false };

  constructor(private readonly options: StreamSessionOptions) {
    this.now = options.now ?? Date.now;
    this.clock = options.clock ?? preciseNow;
    this.symbols = [...options.syncs.keys()];
    this.pacer = options.pacer ?? new ConnectionPacer({ now: this.now });
  }

  /** Opens the connection (as soon as the pacer allows). */
  start(): void {
    this.pacedConnect('starting');
  }

  /** Closes the connection and every timer; the session does nothing afterwards. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.watchdog);
    clearTimeout(this.retryTimer);
    this.watchdog = undefined;
    this.retryTimer = undefined;
    const connection = this.connection;
    this.connection = undefined;
    this.stats.open = false;
    connection?.close('stopped');
    for (const sync of this.options.syncs.values()) sync.stop();
    this.emit('stopped', 'stopped');
  }

  /** Drops the connection and reconnects (used for silence, repeated garbage, shutdown notices and age). */
  recycle(cause: ResyncCause, reason: string, immediately: boolean): void {
    const connection = this.connection;
    if (connection === undefined) return;
    this.connection = undefined;
    connection.close(reason);
    this.closed(cause, reason, immediately);
  }

  private connect(reason: string): void {
    if (this.stopped) return;
    this.emit('connecting', reason);
    for (const sync of this.options.syncs.values()) sync.connecting(reason);
    let connection: StreamConnection | undefined;
    const listener: StreamListener = {
      onOpen: (): void => {
        if (this.connection !== connection) return;
        // The backoff is reset only once the connection proved healthy (see the watchdog): a server that accepts
        // and then drops every connection must still meet a growing delay.
        this.openedAt = this.lastAliveAt = this.now();
        this.recentGarbage = [];
        this.connectionSeq = undefined;
        this.stats.open = true;
        this.emit('open', 'subscribed');
        for (const sync of this.options.syncs.values()) sync.streamOpened();
        this.startWatchdog();
      },
      // The receive time is read first, before decoding: it is when the frame reached lob.
      onFrame: (frame: string): void => {
        if (this.connection === connection) this.onFrame(frame, this.clock());
      },
      onMessage: (message: StreamMessage): void => {
        if (this.connection !== connection) return;
        const receivedAt = this.clock();
        this.lastAliveAt = this.now();
        this.stats.frames++;
        this.route(message, receivedAt);
      },
      onAlive: (): void => {
        if (this.connection === connection) this.lastAliveAt = this.now();
      },
      onClose: (why: string, error?: Error): void => {
        if (this.connection !== connection || connection === undefined) return;
        this.connection = undefined;
        const retryAfter = (error as { retryAfterMs?: number } | undefined)?.retryAfterMs;
        this.closed('disconnect', error === undefined ? why : `${why}: ${error.message}`, false, retryAfter);
      },
    };
    try {
      // A symbol the venue refused stays refused: subscribing it again on every reconnect would only spend the
      // venue's request budget (OKX: 480 an hour per connection) on another refusal.
      const symbols = this.symbols.filter((symbol) => this.options.syncs.get(symbol)?.state !== 'invalid');
      connection = this.options.connector.openStream(symbols, listener);
      this.connection = connection;
    } catch (error) {
      this.closed('disconnect', `cannot open stream: ${error instanceof Error ? error.message : String(error)}`, false);
    }
  }

  private onFrame(frame: string, receivedAt: number): void {
    // Any frame proves the connection alive, even one that cannot be decoded.
    this.lastAliveAt = this.now();
    this.stats.frames++;
    let message;
    try {
      message = this.options.connector.decode(frame);
    } catch (error) {
      return this.onBadFrame(error, frame);
    }
    this.route(message, receivedAt);
  }

  /**
   * Sends one decoded message where it belongs: its symbol's BookSync (with its frame's receive time, as an
   * argument: the decoded object is left as the decoder shaped it), or the connection itself.
   */
  private route(message: StreamMessage, receivedAt: number): void {
    const seq = message.type === 'shutdown' || message.type === 'rejected' ? undefined : message.connectionSeq;
    if (seq !== undefined && !this.continues(seq)) return;
    if (message.type === 'depth' || message.type === 'snapshot') {
      const sync = this.options.syncs.get(message.symbol);
      if (sync === undefined) return;
      try {
        if (message.type === 'depth') sync.onUpdate(message, receivedAt);
        else sync.onSnapshot(message, receivedAt);
      } catch (error) {
        // A consumer's callback threw: exchange data must never crash the process, so resync and carry on.
        sync.resync('consumer', `a consumer callback threw: ${error instanceof Error ? error.message : String(error)}`);
      }
    } else if (message.type === 'shutdown') {
      this.recycle('shutdown', 'server-shutdown: the exchange announced it is closing this connection', true);
    } else if (message.type === 'rejected') {
      for (const symbol of message.symbols) this.options.syncs.get(symbol)?.invalidate(`subscription refused: ${message.reason}`);
    }
  }

  /**
   * Where the venue numbers every message of a connection: false when `seq` shows something was lost, and then
   * every book on the connection resyncs (the lost message may have been any symbol's).
   */
  private continues(seq: number): boolean {
    const last = this.connectionSeq;
    this.connectionSeq = seq;
    if (last === undefined || seq === last + 1) return true;
    const reason = `gap: connection sequence ${seq} does not follow ${last}`;
    for (const sync of this.options.syncs.values()) sync.resync('gap', reason);
    return false;
  }

  /**
   * Asks for fresh in-stream snapshots of these symbols on this connection alone. A connector that cannot
   * resubscribe one symbol leaves only the blunt way: recycle the connection.
   */
  resubscribe(symbols: readonly string[]): void {
    const connection = this.connection;
    if (connection === undefined) return; // the reconnect subscribes everything anew
    if (connection.resubscribe !== undefined) return connection.resubscribe(symbols);
    this.recycle('disconnect', `resubscribing ${symbols.join(', ')}: the connector cannot resubscribe one symbol`, false);
  }

  /**
   * A bad frame resyncs the symbol it names. One that names no symbol of this connection touches no book: it is
   * counted and reported, and any event it may have carried is caught by the update-id checks of the next one.
   * Only repeated garbage, which says the connection itself is broken, recycles the connection.
   */
  private onBadFrame(error: unknown, frame: string): void {
    this.stats.malformed++;
    const detail = error instanceof LobError ? `${error.reason}: ${error.message}` : String(error);
    const reason = `malformed-frame: ${detail} (${frame.length > 120 ? `${frame.slice(0, 120)}…` : frame})`;
    // A broken frame that still carries its connection number was received, not lost: it continues the sequence
    // (and a number that does not continue it resyncs every book, as for any frame).
    const seq = error instanceof DecodeError ? error.connectionSeq : undefined;
    if (seq !== undefined && !this.continues(seq)) return;
    const symbol = error instanceof DecodeError ? error.symbol : undefined;
    const named = symbol === undefined ? undefined : this.options.syncs.get(symbol);
    if (named !== undefined) return named.resync('decode', reason);
    const now = this.now();
    this.options.onEvent({ kind: 'frame', market: this.options.connector.market, connection: this.options.id, outcome: 'malformed', reason, at: now });
    const limit = this.options.malformedLimit ?? 5;
    const windowMs = this.options.malformedWindowMs ?? 10_000;
    const recent = this.recentGarbage.filter((at) => at > now - windowMs);
    recent.push(now);
    this.recentGarbage = recent.slice(-limit);
    if (recent.length >= limit) {
      this.recycle('decode', `malformed-frames: ${recent.length} frames naming no symbol within ${windowMs} ms, the last: ${reason}`, false);
    }
  }

  private closed(cause: ResyncCause, reason: string, immediately: boolean, retryAfterMs?: number): void {
    clearInterval(this.watchdog);
    this.watchdog = undefined;
    this.stats.open = false;
    if (this.stopped) return;
    const delay = immediately ? 0 : backoffDelay(this.attempt++, this.options.reconnect, this.options.random, retryAfterMs);
    this.stats.reconnects++;
    this.emit('closed', reason, undefined, cause);
    const retry = { attempt: Math.max(1, this.attempt), inMs: delay };
    for (const sync of this.options.syncs.values()) sync.streamClosed(cause, reason, retry);
    this.emit('backing-off', `reconnecting in ${delay} ms`, delay);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.pacedConnect(`reconnecting after: ${reason}`);
    }, delay);
  }

  /** Connects now if the pacer has a slot free now, else when it has. */
  private pacedConnect(reason: string): void {
    if (this.stopped) return;
    const wait = this.pacer.reserve();
    if (wait === 0) return this.connect(reason);
    this.emit('backing-off', `connection attempts paced: next in ${wait} ms`, wait);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect(reason);
    }, wait);
  }

  private startWatchdog(): void {
    clearInterval(this.watchdog);
    const { silenceTimeoutMs, maxConnectionAgeMs } = this.options;
    const healthyAfterMs = this.options.healthyAfterMs ?? 60_000;
    const every = Math.max(10, Math.min(1000, Math.floor(silenceTimeoutMs / 4)));
    let lastCheckAt = this.now();
    this.watchdog = setInterval(() => {
      const now = this.now();
      const late = now - lastCheckAt > every * 3;
      lastCheckAt = now;
      // This process stalled (a GC pause, a starved CPU): timers run before pending I/O, so frames that arrived
      // meanwhile are not read yet. Judge silence at the next check, not now.
      if (late) return;
      if (now - this.lastAliveAt > silenceTimeoutMs) {
        this.recycle('silence', `silence: nothing heard (no frame, ping or pong) for ${now - this.lastAliveAt} ms`, false);
      } else if (now - this.openedAt > maxConnectionAgeMs) {
        this.recycle('renewal', 'max-age: renewing the connection before the exchange cuts it', true);
      } else if (now - this.openedAt >= healthyAfterMs) {
        this.attempt = 0;
      }
    }, every);
  }

  private emit(state: 'connecting' | 'open' | 'closed' | 'backing-off' | 'stopped', reason: string, delayMs?: number, cause?: ResyncCause): void {
    this.options.onEvent({
      kind: 'connection',
      market: this.options.connector.market,
      connection: this.options.id,
      state,
      ...(cause === undefined ? {} : { cause }),
      reason,
      symbols: this.symbols.length,
      ...(delayMs === undefined ? {} : { delayMs }),
      at: this.now(),
    });
  }
}
