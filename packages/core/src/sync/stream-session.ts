import { DecodeError, LobError } from '../errors.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import type { BookSync } from './book-sync.js';
import type { Connector, StreamConnection } from './connector.js';
import type { FeedEvent, ResyncCause } from './sync-state.js';

/** How a StreamSession watches and restores its connection. */
export interface StreamSessionOptions {
  readonly id: number;
  readonly connector: Connector;
  readonly syncs: ReadonlyMap<string, BookSync>;
  readonly onEvent: (event: FeedEvent) => void;
  /** No data frame for this long means the connection is dead (default 30 s). */
  readonly silenceTimeoutMs: number;
  /** Reconnect before the exchange's own connection age limit (Binance: 24 h). */
  readonly maxConnectionAgeMs: number;
  readonly reconnect: BackoffOptions;
  readonly random?: () => number;
  readonly now?: () => number;
}

/**
 * One stream connection and the symbols it carries: decodes every frame synchronously and routes it to its
 * symbol's BookSync; on close, error, silence or a server shutdown notice it marks every symbol out of sync
 * and reconnects (at once after a shutdown notice, otherwise with exponential backoff and full jitter).
 */
export class StreamSession {
  private connection: StreamConnection | undefined;
  private attempt = 0;
  private lastFrameAt = 0;
  private openedAt = 0;
  private watchdog: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly now: () => number;
  private readonly symbols: string[];
  /** Frames received, malformed frames seen. */
  readonly stats = { frames: 0, malformed: 0, reconnects: 0, open: false };

  constructor(private readonly options: StreamSessionOptions) {
    this.now = options.now ?? Date.now;
    this.symbols = [...options.syncs.keys()];
  }

  /** Opens the connection. */
  start(): void {
    this.connect('starting');
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

  /** Drops the connection and reconnects (used for silence, shutdown notices and age). */
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
    const listener = {
      onOpen: (): void => {
        if (this.connection !== connection) return;
        this.attempt = 0;
        this.openedAt = this.lastFrameAt = this.now();
        this.stats.open = true;
        this.emit('open', 'subscribed');
        for (const sync of this.options.syncs.values()) sync.streamOpened();
        this.startWatchdog();
      },
      onFrame: (frame: string): void => {
        if (this.connection === connection) this.onFrame(frame);
      },
      onClose: (why: string, error?: Error): void => {
        if (this.connection !== connection || connection === undefined) return;
        this.connection = undefined;
        const retryAfter = (error as { retryAfterMs?: number } | undefined)?.retryAfterMs;
        this.closed('disconnect', error === undefined ? why : `${why}: ${error.message}`, false, retryAfter);
      },
    };
    try {
      connection = this.options.connector.openStream(this.symbols, listener);
      this.connection = connection;
    } catch (error) {
      this.closed('disconnect', `cannot open stream: ${error instanceof Error ? error.message : String(error)}`, false);
    }
  }

  private onFrame(frame: string): void {
    this.lastFrameAt = this.now();
    this.stats.frames++;
    let message;
    try {
      message = this.options.connector.decode(frame);
    } catch (error) {
      return this.onBadFrame(error, frame);
    }
    if (message.type === 'depth') {
      const sync = this.options.syncs.get(message.symbol);
      if (sync === undefined) return;
      try {
        sync.onUpdate(message);
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

  /** A bad frame resyncs the symbol it names, or every symbol of the connection when it names none. */
  private onBadFrame(error: unknown, frame: string): void {
    this.stats.malformed++;
    const detail = error instanceof LobError ? `${error.reason}: ${error.message}` : String(error);
    const reason = `malformed-frame: ${detail} (${frame.length > 120 ? `${frame.slice(0, 120)}…` : frame})`;
    const symbol = error instanceof DecodeError ? error.symbol : undefined;
    const named = symbol === undefined ? undefined : this.options.syncs.get(symbol);
    if (named !== undefined) named.resync('decode', reason);
    else for (const sync of this.options.syncs.values()) sync.resync('decode', reason);
  }

  private closed(cause: ResyncCause, reason: string, immediately: boolean, retryAfterMs?: number): void {
    clearInterval(this.watchdog);
    this.watchdog = undefined;
    this.stats.open = false;
    if (this.stopped) return;
    const delay = immediately ? 0 : backoffDelay(this.attempt++, this.options.reconnect, this.options.random, retryAfterMs);
    this.stats.reconnects++;
    this.emit('closed', reason, undefined, cause);
    for (const sync of this.options.syncs.values()) sync.streamClosed(cause, reason, delay);
    this.emit('backing-off', `reconnecting in ${delay} ms`, delay);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect(`reconnecting after: ${reason}`);
    }, delay);
  }

  private startWatchdog(): void {
    clearInterval(this.watchdog);
    const { silenceTimeoutMs, maxConnectionAgeMs } = this.options;
    const every = Math.max(10, Math.min(1000, Math.floor(silenceTimeoutMs / 4)));
    this.watchdog = setInterval(() => {
      const now = this.now();
      if (now - this.lastFrameAt > silenceTimeoutMs) {
        this.recycle('silence', `silence: no frame for ${now - this.lastFrameAt} ms`, false);
      } else if (now - this.openedAt > maxConnectionAgeMs) {
        this.recycle('renewal', 'max-age: renewing the connection before the exchange cuts it', true);
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
