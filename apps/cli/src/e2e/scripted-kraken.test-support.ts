import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import { WebSocketServer, type WebSocket } from 'ws';

// A loopback Kraken written from Kraken's documented spot API for the CLI's end-to-end tests: REST AssetPairs and
// WebSocket v2 (`/v2`) on one port. It shares no code with the connector.

/** One pair's book as the exchange holds it: levels best first, as the decimal text Kraken's v2 JSON numbers carry. */
export interface ScriptedKrakenBook {
  readonly bids: readonly (readonly [string, string])[];
  readonly asks: readonly (readonly [string, string])[];
}

/** A pair as AssetPairs lists it: `wsname` in Kraken's v1 spelling (XBT/USD), and its precisions. */
export interface ScriptedKrakenPair {
  readonly wsname: string;
  readonly pair_decimals: number;
  readonly lot_decimals: number;
}

/**
 * Kraken's v2 checksum: the 10 best asks then the 10 best bids, each price and quantity written at the pair's
 * precision, the "." removed and leading zeros stripped, concatenated; CRC32 as an unsigned 32-bit number.
 */
export function krakenTestChecksum(book: ScriptedKrakenBook, pair: ScriptedKrakenPair): number {
  const field = (text: string, decimals: number): string => Number(text).toFixed(decimals).replace('.', '').replace(/^0+/, '');
  const level = ([price, qty]: readonly [string, string]): string => field(price, pair.pair_decimals) + field(qty, pair.lot_decimals);
  return crc32([...book.asks.slice(0, 10), ...book.bids.slice(0, 10)].map(level).join('')) >>> 0;
}

/** Serves `GET /0/public/AssetPairs` and WebSocket v2 at `/v2`: subscribing a pair sends its snapshot. */
export class ScriptedKraken {
  /** Every subscribe request's params, in order. */
  readonly subscribes: Record<string, unknown>[] = [];
  private readonly sockets = new Set<WebSocket>();

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    /** Books by pair in v2 spelling (BTC/USD). */
    private readonly books: ReadonlyMap<string, ScriptedKrakenBook>,
    /** Pairs by v2 spelling. */
    readonly pairs: ReadonlyMap<string, ScriptedKrakenPair>,
  ) {
    http.on('request', (req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url !== '/0/public/AssetPairs') return void res.writeHead(404).end('{"error":["EGeneral:Unknown method"]}');
      const result = Object.fromEntries([...pairs.values()].map((p) => [p.wsname.replace('/', ''), { ...p, status: 'online' }]));
      res.end(JSON.stringify({ error: [], result }));
    });
    wss.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('message', (data) => this.onMessage(socket, JSON.parse(String(data)) as { method: string; params?: Record<string, unknown>; req_id?: number }));
    });
  }

  /** Starts on 127.0.0.1 at a free port; `pairs` are keyed by their v2 spelling. */
  static async start(books: Record<string, ScriptedKrakenBook>, pairs: Record<string, ScriptedKrakenPair>): Promise<ScriptedKraken> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http, path: '/v2' });
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    return new ScriptedKraken(http, wss, new Map(Object.entries(books)), new Map(Object.entries(pairs)));
  }

  get restUrl(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}/v2`;
  }

  /** Closes every connection and the server. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise((resolve) => this.wss.close(resolve));
    this.http.closeAllConnections();
    await new Promise((resolve) => this.http.close(resolve));
  }

  private onMessage(socket: WebSocket, request: { method: string; params?: Record<string, unknown>; req_id?: number }): void {
    const times = { time_in: '2026-11-29T00:00:00.000000Z', time_out: '2026-11-29T00:00:00.000100Z' };
    if (request.method === 'ping') return void socket.send(JSON.stringify({ method: 'pong', req_id: request.req_id, ...times }));
    if (request.method !== 'subscribe' && request.method !== 'unsubscribe') return;
    const params = request.params ?? {};
    if (request.method === 'subscribe') this.subscribes.push(params);
    for (const symbol of (params.symbol ?? []) as string[]) {
      const result = { channel: 'book', depth: params.depth, symbol, ...(request.method === 'subscribe' ? { snapshot: true } : {}) };
      socket.send(JSON.stringify({ method: request.method, req_id: request.req_id, result, success: true, ...times }));
      const book = this.books.get(symbol);
      const pair = this.pairs.get(symbol);
      if (request.method !== 'subscribe' || book === undefined || pair === undefined) continue;
      // v2 writes prices and quantities as JSON numbers: the text goes on the wire unquoted.
      const side = (levels: ScriptedKrakenBook['bids']): string => `[${levels.map(([p, q]) => `{"price":${p},"qty":${q}}`).join(',')}]`;
      socket.send(
        `{"channel":"book","type":"snapshot","data":[{"symbol":"${symbol}","bids":${side(book.bids)},"asks":${side(book.asks)},"checksum":${krakenTestChecksum(book, pair)}}]}`,
      );
    }
  }
}
