import type { BookView, ExactDepth, Level } from '@lob/core';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { bookIds, type BookIds } from '../feeds/book-top.js';
import type { MarketSource } from '../feeds/market-source.js';
import { lookupBook, spellingsOf } from './book-lookup.js';
import { sendError } from './errors.js';

/**
 * One message of `/stream`: a book's best bid and ask, sent when either (or the state) changes; `lastUpdateId` only
 * where the venue has update ids, `checksum` only where it sends checksums.
 */
export interface TopOfBookMessage extends BookIds {
  readonly type: 'top';
  readonly market: string;
  readonly symbol: string;
  readonly state: string;
  /** Top levels per side guaranteed to be the exchange's. */
  readonly exactDepth: ExactDepth;
  /** `[price, quantity]` exact strings, or null when the side is empty. */
  readonly bid: Level | null;
  readonly ask: Level | null;
  /** Local time the message was built, ms since the epoch. */
  readonly time: number;
}

/** How often `/stream` looks for changes: at most this many messages per book per second. */
export const STREAM_INTERVAL_MS = 100;
/** A client that has this much unsent data is skipped for a round: it gets the newest top when it catches up. */
const MAX_BUFFERED_BYTES = 1 << 20;

/** A book a client follows, and whether its venue has update ids. */
export interface StreamedBook {
  readonly view: BookView;
  readonly hasUpdateIds: boolean;
}

interface Client {
  readonly socket: WebSocket;
  readonly books: readonly StreamedBook[];
  /** Per book: the change key last sent. */
  readonly sent: Map<BookView, string>;
}

/**
 * Pushes top-of-book changes to every `/stream` client. One timer serves all clients and runs only while some are
 * connected; each round reads each book's top once, and sends it to a client only if it differs from what that
 * client last got. Throttling by polling keeps the feed's hot path free of any per-update work for the API.
 */
export class StreamHub {
  private readonly clients = new Set<Client>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs = STREAM_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds a client and sends it the current top of each of its books at once. */
  add(socket: WebSocket, books: readonly StreamedBook[]): void {
    const client: Client = { socket, books, sent: new Map() };
    this.clients.add(client);
    socket.on('close', () => this.remove(client));
    socket.on('error', () => this.remove(client));
    this.push(client, new Map());
    this.timer ??= setInterval(() => this.round(), this.intervalMs);
  }

  /** Stops the timer; the sockets are closed by the server. */
  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.clients.clear();
  }

  private remove(client: Client): void {
    this.clients.delete(client);
    if (this.clients.size === 0) this.close();
  }

  private round(): void {
    const cache = new Map<BookView, { key: string; text: string }>();
    for (const client of this.clients) this.push(client, cache);
  }

  private push(client: Client, cache: Map<BookView, { key: string; text: string }>): void {
    const { socket } = client;
    if (socket.readyState !== socket.OPEN || socket.bufferedAmount > MAX_BUFFERED_BYTES) return;
    for (const { view, hasUpdateIds } of client.books) {
      let top = cache.get(view);
      if (top === undefined) cache.set(view, (top = this.top(view, hasUpdateIds)));
      if (client.sent.get(view) === top.key) continue;
      client.sent.set(view, top.key);
      socket.send(top.text);
    }
  }

  private top(view: BookView, hasUpdateIds: boolean): { key: string; text: string } {
    const bid = view.book.best('bid') ?? null;
    const ask = view.book.best('ask') ?? null;
    const exactDepth = view.exactDepth;
    const key = `${view.state}|${bid?.[0]}|${bid?.[1]}|${ask?.[0]}|${ask?.[1]}|${exactDepth.bids}|${exactDepth.asks}`;
    const message: TopOfBookMessage = {
      type: 'top',
      market: view.market,
      symbol: view.symbol,
      state: view.state,
      ...bookIds(view, hasUpdateIds),
      exactDepth,
      bid,
      ask,
      time: this.now(),
    };
    return { key, text: JSON.stringify(message) };
  }
}

/**
 * Parses `symbols=btcusdt,binance-usdm:btcusdt,kraken:btc-usd`: a bare symbol means that symbol in every venue that
 * serves it (read by each venue's spelling), a `venue:symbol` pair one book; no parameter means every book.
 */
export function streamBooks(sources: readonly MarketSource[], param: unknown): StreamedBook[] | { status: 400 | 404; message: string } {
  const all = (): StreamedBook[] => sources.flatMap((s) => s.books().map((view) => ({ view, hasUpdateIds: s.hasUpdateIds })));
  if (param === undefined || param === '') return all();
  if (typeof param !== 'string') return { status: 400, message: 'give symbols once, comma separated' };
  const out: StreamedBook[] = [];
  for (const item of param.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const colon = item.indexOf(':');
    let found: StreamedBook[];
    if (colon >= 0) {
      const lookup = lookupBook(sources, item.slice(0, colon), item.slice(colon + 1));
      if (!('view' in lookup)) return lookup;
      found = [{ view: lookup.view, hasUpdateIds: lookup.source.hasUpdateIds }];
    } else {
      found = spellingsOf(sources, item).flatMap(({ source, symbol }) => {
        const view = source.book(symbol);
        return view === undefined ? [] : [{ view, hasUpdateIds: source.hasUpdateIds }];
      });
      if (found.length === 0) return { status: 404, message: `no venue serves ${item}` };
    }
    for (const book of found) if (!out.some((b) => b.view === book.view)) out.push(book);
  }
  if (out.length === 0) return { status: 400, message: 'symbols names no book' };
  return out;
}

/** `GET /stream?symbols=...` (WebSocket): top-of-book changes as JSON messages. */
export function registerStreamRoute(app: FastifyInstance, sources: readonly MarketSource[], hub: StreamHub): void {
  app.route<{ Querystring: Record<string, unknown> }>({
    method: 'GET',
    url: '/stream',
    // Checked before the upgrade, so a bad request gets a plain HTTP 400/404 with a JSON body.
    preValidation: async (request, reply) => {
      const books = streamBooks(sources, request.query.symbols);
      if (!Array.isArray(books)) return sendError(reply, books.status, books.message);
    },
    handler: async (_request, reply) => sendError(reply, 426, 'connect with a WebSocket client to receive top-of-book changes'),
    wsHandler: (socket, request) => {
      hub.add(socket, streamBooks(sources, request.query.symbols) as StreamedBook[]);
    },
  });
  app.addHook('onClose', async () => hub.close());
}
