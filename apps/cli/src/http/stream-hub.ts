import { BookDiffSource, type BookStreamMessage } from '@lob/book-stream';
import type { BookView, DepthUpdate, FeedEvent } from '@lob/core';
import type { WebSocket } from 'ws';
import type { BookChangeListener } from './book-changes.js';
import type { StreamErrorMessage, StreamMode, SubscribedMessage } from './stream-messages.js';
import { depthPayload, topPayload, type Payload } from './stream-payloads.js';
import type { StreamedBook, StreamRequest } from './stream-request.js';
import { DEFAULT_STREAM_LIMITS, type StreamLimits } from './stream-limits.js';

/** How often `/stream` looks for top/depth changes: at most this many messages per book per second. */
export const STREAM_INTERVAL_MS = 100;
/** How long a slow diff client closed with 1008 may take to read its backlog and the close frame before it is cut. */
const CLOSE_GRACE_MS = 5_000;

/** One book one client follows. */
interface Subscription {
  readonly book: StreamedBook;
  readonly mode: StreamMode;
  readonly depth: number;
  /** top/depth: the key of what was last sent. */
  sent: string | undefined;
}

interface Client {
  readonly socket: WebSocket;
  readonly address: string;
  readonly subs: Map<BookView, Subscription>;
  /** Answered the last ping (or sent anything) since. */
  alive: boolean;
  closed: boolean;
}

/** The diff stream of one book, shared by its diff clients. */
interface DiffTap {
  readonly source: BookDiffSource;
  readonly clients: Set<Client>;
}

/**
 * Serves every `/stream` client. `top` and `depth` are polled by one timer (each round reads each book once per
 * mode and depth, and sends a client only what differs from what it last got: coalesced, newest state only);
 * `diff` is pushed from the feed's synchronous update callback, serialized once per update for all its clients.
 */
export class StreamHub implements BookChangeListener {
  private readonly clients = new Set<Client>();
  private readonly taps = new Map<string, DiffTap>();
  private timer: NodeJS.Timeout | undefined;
  private pinger: NodeJS.Timeout | undefined;

  constructor(
    readonly limits: StreamLimits = DEFAULT_STREAM_LIMITS,
    private readonly intervalMs = STREAM_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Open connections, in total and from one address. */
  connections(address?: string): number {
    if (address === undefined) return this.clients.size;
    let n = 0;
    for (const c of this.clients) if (c.address === address) n++;
    return n;
  }

  /** Adds a connection with its first request (from the query) and starts serving it. */
  add(socket: WebSocket, address: string, request: StreamRequest): void {
    const client: Client = { socket, address, subs: new Map(), alive: true, closed: false };
    this.clients.add(client);
    socket.on('close', () => this.remove(client));
    socket.on('error', () => this.remove(client));
    socket.on('pong', () => (client.alive = true));
    this.subscribe(client, request, false);
    this.timer ??= setInterval(() => this.round(), this.intervalMs);
    this.pinger ??= setInterval(() => this.ping(), this.limits.pingIntervalMs);
  }

  /** A client's subscribe or unsubscribe message, already read. */
  request(socket: WebSocket, op: 'subscribe' | 'unsubscribe', request: StreamRequest | { books: readonly StreamedBook[] }): void {
    const client = this.clientOf(socket);
    if (client === undefined) return;
    client.alive = true;
    if (op === 'subscribe') return this.subscribe(client, request as StreamRequest, true);
    for (const { view } of request.books) this.drop(client, view);
    this.send(client, { type: 'unsubscribed', books: request.books.map(named), subscriptions: client.subs.size } satisfies SubscribedMessage);
  }

  /** Tells a client its request was refused; the connection stays. */
  refuse(socket: WebSocket, error: StreamErrorMessage['error'], message: string): void {
    const client = this.clientOf(socket);
    if (client !== undefined) this.send(client, { type: 'error', error, message } satisfies StreamErrorMessage);
  }

  /** Stops the timers; the sockets are closed by the server. */
  close(): void {
    clearInterval(this.timer);
    clearInterval(this.pinger);
    this.timer = this.pinger = undefined;
    this.clients.clear();
    for (const tap of this.taps.values()) tap.source.close();
    this.taps.clear();
  }

  /** The feed's synchronous update callback: the hot path, so a process with no diff client pays one size check. */
  onUpdate(view: BookView, update: DepthUpdate): void {
    if (this.taps.size === 0) return;
    this.taps.get(keyOf(view.market, view.symbol))?.source.onUpdate(update);
  }

  /** The feed's events: a book leaving sync (resync notice) or replaced without an update (new snapshot). */
  onEvent(event: FeedEvent): void {
    if (this.taps.size === 0 || (event.kind !== 'book' && event.kind !== 'snapshot')) return;
    this.taps.get(keyOf(event.market, event.symbol))?.source.onEvent(event);
  }

  private subscribe(client: Client, request: StreamRequest, answer: boolean): void {
    const added = request.books.filter((b) => !client.subs.has(b.view)).length;
    if (client.subs.size + added > this.limits.maxSubscriptions) {
      const message = `at most ${this.limits.maxSubscriptions} books per connection (${client.subs.size} followed, ${added} more asked)`;
      return this.send(client, { type: 'error', error: 'too-many-subscriptions', message } satisfies StreamErrorMessage);
    }
    for (const book of request.books) {
      this.drop(client, book.view);
      client.subs.set(book.view, { book, mode: request.mode, depth: request.depth, sent: undefined });
    }
    if (answer) {
      const books = request.books.map(named);
      const ack: SubscribedMessage = { type: 'subscribed', mode: request.mode, ...(request.mode === 'depth' ? { depth: request.depth } : {}), books, subscriptions: client.subs.size };
      this.send(client, ack);
    }
    for (const book of request.books) if (request.mode === 'diff') this.joinTap(client, book);
    this.push(client, new Map());
  }

  /** Adds a diff client to its book's tap and sends it the book now (or tells it the book is not in sync). */
  private joinTap(client: Client, book: StreamedBook): void {
    const { view } = book;
    const key = keyOf(view.market, view.symbol);
    let tap = this.taps.get(key);
    if (tap === undefined) {
      const clients = new Set<Client>();
      // Serialized once per message for every client of the book.
      const emit = (message: BookStreamMessage): void => {
        const text = JSON.stringify(message);
        for (const c of clients) this.sendDiff(c, text);
      };
      tap = { source: new BookDiffSource({ view, hasUpdateIds: book.hasUpdateIds, emit, now: this.now }), clients };
      this.taps.set(key, tap);
    }
    tap.clients.add(client);
    // Here we are outside any feed callback, so the book is consistent; a queued snapshot reaches this client too.
    const opening = tap.source.opening();
    if (opening !== undefined) this.sendDiff(client, JSON.stringify(opening));
  }

  private drop(client: Client, view: BookView): void {
    const sub = client.subs.get(view);
    if (sub === undefined) return;
    client.subs.delete(view);
    if (sub.mode !== 'diff') return;
    const key = keyOf(view.market, view.symbol);
    const tap = this.taps.get(key);
    tap?.clients.delete(client);
    if (tap?.clients.size === 0) {
      tap.source.close();
      this.taps.delete(key);
    }
  }

  private remove(client: Client): void {
    if (!this.clients.delete(client)) return;
    client.closed = true;
    for (const view of [...client.subs.keys()]) this.drop(client, view);
    if (this.clients.size === 0) {
      clearInterval(this.timer);
      clearInterval(this.pinger);
      this.timer = this.pinger = undefined;
    }
  }

  /** Every ping interval: a client that has not answered the previous ping (nor sent anything) is cut. */
  private ping(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        this.remove(client);
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }

  private round(): void {
    const cache = new Map<string, Payload>();
    for (const client of this.clients) this.push(client, cache);
  }

  /** Sends a client the top/depth books that changed since it last got them; a client behind is skipped this round. */
  private push(client: Client, cache: Map<string, Payload>): void {
    const { socket } = client;
    if (socket.readyState !== socket.OPEN || socket.bufferedAmount > this.limits.maxBufferedBytes) return;
    const now = this.now();
    for (const sub of client.subs.values()) {
      if (sub.mode === 'diff') continue;
      const { view, hasUpdateIds } = sub.book;
      const cacheKey = `${sub.mode}|${sub.depth}|${view.market}|${view.symbol}`;
      let payload = cache.get(cacheKey);
      if (payload === undefined) {
        payload = sub.mode === 'top' ? topPayload(view, hasUpdateIds, now) : depthPayload(view, hasUpdateIds, sub.depth, now);
        cache.set(cacheKey, payload);
      }
      if (sub.sent === payload.key) continue;
      sub.sent = payload.key;
      socket.send(payload.text);
    }
  }

  /** A diff cannot skip: a client whose backlog passes the limit is closed with 1008 (policy violation). */
  private sendDiff(client: Client, text: string): void {
    const { socket } = client;
    if (client.closed || socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.remove(client);
      socket.close(1008, 'slow consumer: the diff stream cannot skip');
      // The close frame waits behind the backlog; a client that never reads it is cut.
      setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
      return;
    }
    socket.send(text);
  }

  private send(client: Client, message: object): void {
    if (!client.closed && client.socket.readyState === client.socket.OPEN) client.socket.send(JSON.stringify(message));
  }

  private clientOf(socket: WebSocket): Client | undefined {
    for (const c of this.clients) if (c.socket === socket) return c;
    return undefined;
  }
}

function keyOf(market: string, symbol: string): string {
  return `${market}\u0000${symbol}`;
}

function named(book: StreamedBook): { market: string; symbol: string } {
  return { market: book.view.market, symbol: book.view.symbol };
}
