import type { BookStateEvent, BufferEvent, ConnectionEvent, FeedEvent, FrameEvent, SnapshotEvent } from '@lob/core';
import type { Logger } from 'pino';

/** Where each market connects, to name the host when it cannot be reached. */
export interface MarketEndpoints {
  readonly restUrl: string;
  readonly wsUrl: string;
}

/** How feed events are turned into log lines. */
export interface FeedEventLogOptions {
  readonly endpoints: ReadonlyMap<string, MarketEndpoints>;
  /** In demo mode the "cannot reach the venue, try --demo" hint makes no sense. */
  readonly demo: boolean;
}

/**
 * Logs what the feeds report, each thing once: a state change and its reason is logged when it first happens;
 * the same state with the same kind of reason again (a reconnect loop, a snapshot retried while rate limited) is
 * only logged at debug level until the book is live again. Nothing here runs per frame: feeds only emit events
 * on state changes.
 */
export class FeedEventLog {
  /** Per book or connection: the state+reason kinds already told since it was last healthy. */
  private readonly told = new Map<string, Set<string>>();
  /** Markets whose connection has opened at least once. */
  private readonly reached = new Set<string>();
  /** Markets already told to be unreachable. */
  private readonly unreachableTold = new Set<string>();

  constructor(
    private readonly log: Logger,
    private readonly options: FeedEventLogOptions,
  ) {}

  /** Logs one event (pass this as the feed's onEvent). */
  handle(event: FeedEvent): void {
    switch (event.kind) {
      case 'book':
        return this.onBook(event);
      case 'connection':
        return this.onConnection(event);
      case 'snapshot':
        return this.onSnapshot(event);
      case 'frame':
        return this.onFrame(event);
      case 'buffer':
        return this.onBuffer(event);
    }
  }

  /** A bound made a symbol drop buffered events: once per symbol and bound until the book is live again. */
  private onBuffer(e: BufferEvent): void {
    const fields = { market: e.market, symbol: e.symbol, bound: e.bound };
    const message = `${e.market} ${e.symbol} buffer: ${e.reason}`;
    if (this.firstTime(`book ${e.market} ${e.symbol}`, `buffer ${e.bound}`)) this.log.warn(fields, message);
    else this.log.debug(fields, message);
  }

  private onBook(e: BookStateEvent): void {
    const key = `book ${e.market} ${e.symbol}`;
    const fields = { market: e.market, symbol: e.symbol, state: e.state, previous: e.previous, reason: e.reason };
    const message = `${e.market} ${e.symbol} ${e.state}: ${e.reason}`;
    if (e.state === 'live') {
      this.told.delete(key);
      this.log.info(fields, message);
      return;
    }
    if (e.state === 'invalid') {
      // For good: this book will never be live, so say so loudly, once.
      if (this.firstTime(key, 'invalid')) this.log.error(fields, `${message}; the exchange does not know this symbol: it is not retried, the other books go on`);
      return;
    }
    // Connecting, backing off and buffering follow the connection, which is logged itself; a resync is the book's own.
    const own = e.state === 'resyncing' && !e.reason.startsWith('stream open');
    if (!own || !this.firstTime(key, `${e.state} ${e.cause ?? ''}`)) return void this.log.debug(fields, message);
    this.log.warn(fields, message);
  }

  private onConnection(e: ConnectionEvent): void {
    const key = `connection ${e.market} ${e.connection}`;
    const fields = { market: e.market, connection: e.connection, state: e.state, reason: e.reason, symbols: e.symbols };
    const name = `${e.market} connection ${e.connection}`;
    switch (e.state) {
      case 'open':
        this.reached.add(e.market);
        this.unreachableTold.delete(e.market);
        this.told.delete(key);
        this.log.info(fields, `${name} open (${e.symbols} symbol${e.symbols === 1 ? '' : 's'})`);
        return;
      case 'closed': {
        if (!this.reached.has(e.market) && !this.options.demo) return this.unreachable(e);
        if (this.firstTime(key, e.cause ?? e.state)) this.log.warn(fields, `${name} closed: ${e.reason}; reconnecting with backoff`);
        else this.log.debug(fields, `${name} closed: ${e.reason}`);
        return;
      }
      default:
        this.log.debug(fields, `${name} ${e.state}: ${e.reason}`);
    }
  }

  /** One clear line when the exchange cannot be reached at all: which host, which error, and what to try. */
  private unreachable(e: ConnectionEvent): void {
    const fields = { market: e.market, connection: e.connection, reason: e.reason };
    if (this.unreachableTold.has(e.market)) return void this.log.debug(fields, `${e.market} still unreachable: ${e.reason}`);
    this.unreachableTold.add(e.market);
    const url = this.options.endpoints.get(e.market)?.wsUrl ?? 'the exchange';
    this.log.error(
      { ...fields, url },
      `cannot reach ${e.market} at ${url} (${e.reason}); retrying with backoff. ` +
        `No network, or ${e.market} not available from here? Run offline with: lob serve --demo`,
    );
  }

  private onSnapshot(e: SnapshotEvent): void {
    const key = `book ${e.market} ${e.symbol}`;
    const fields = { market: e.market, symbol: e.symbol, outcome: e.outcome, reason: e.reason, retryInMs: e.retryInMs, lastUpdateId: e.lastUpdateId };
    const retry = e.retryInMs === undefined ? '' : `; retrying in ${e.retryInMs} ms`;
    const message = `${e.market} ${e.symbol} snapshot ${e.outcome}: ${e.reason}${retry}`;
    if (e.outcome === 'failed' && this.firstTime(key, `snapshot ${e.error ?? ''}`)) this.log.warn(fields, message);
    else this.log.debug(fields, message);
  }

  /** A frame that touched no book: warned about once per connection until it reconnects, then at debug level. */
  private onFrame(e: FrameEvent): void {
    const key = `connection ${e.market} ${e.connection}`;
    const fields = { market: e.market, connection: e.connection, outcome: e.outcome, reason: e.reason };
    const message = `${e.market} connection ${e.connection} dropped a ${e.outcome} frame naming no symbol: ${e.reason}`;
    if (this.firstTime(key, `frame ${e.outcome}`)) this.log.warn(fields, message);
    else this.log.debug(fields, message);
  }

  private firstTime(key: string, what: string): boolean {
    let set = this.told.get(key);
    if (set === undefined) this.told.set(key, (set = new Set()));
    if (set.has(what)) return false;
    set.add(what);
    return true;
  }
}
