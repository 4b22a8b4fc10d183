import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import { WebSocketServer, type WebSocket } from 'ws';

// A loopback OKX written from OKX's documented v5 protocol for the CLI's end-to-end tests: REST instruments and
// the public WebSocket on one port. It shares no code with the connector (a test where both sides use the same
// encoder and checksum would prove nothing).

/** One instrument's book as the exchange holds it: [price, size] best first, and its sequence id. */
export interface ScriptedOkxBook {
  readonly bids: readonly (readonly [string, string])[];
  readonly asks: readonly (readonly [string, string])[];
  readonly seqId: number;
}

/** OKX's checksum: signed CRC32 of bid1Px:bid1Sz:ask1Px:ask1Sz:... over the top 25 levels of each side. */
export function okxTestChecksum(book: Pick<ScriptedOkxBook, 'bids' | 'asks'>): number {
  const parts: string[] = [];
  for (let i = 0; i < 25; i++) {
    const bid = book.bids[i];
    const ask = book.asks[i];
    if (bid !== undefined) parts.push(bid[0], bid[1]);
    if (ask !== undefined) parts.push(ask[0], ask[1]);
  }
  return crc32(parts.join(':')) | 0;
}

/** Serves `GET /api/v5/public/instruments`, `/underlying` and the public WebSocket at `/ws/v5/public`. */
export class ScriptedOkx {
  private readonly sockets = new Set<WebSocket>();

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    /** Books by instId: subscribing one sends its snapshot. */
    readonly books: ReadonlyMap<string, ScriptedOkxBook>,
    /** Listed instIds by instType (all `live`). */
    private readonly listed: Readonly<Record<string, readonly string[]>>,
  ) {
    http.on('request', (req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const type = url.searchParams.get('instType') ?? '';
      res.setHeader('content-type', 'application/json');
      if (url.pathname === '/api/v5/public/underlying') return void res.end(JSON.stringify({ code: '0', msg: '', data: [[]] }));
      if (url.pathname === '/api/v5/public/instruments') {
        const data = (this.listed[type] ?? []).map((instId) => ({ instId, instType: type, state: 'live' }));
        return void res.end(JSON.stringify({ code: '0', msg: '', data }));
      }
      res.statusCode = 404;
      res.end(JSON.stringify({ code: '404', msg: 'not found', data: [] }));
    });
    wss.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('message', (data) => this.onMessage(socket, String(data)));
    });
  }

  /** Starts on 127.0.0.1 at a free port. */
  static async start(books: Record<string, ScriptedOkxBook>, listed: Record<string, readonly string[]>): Promise<ScriptedOkx> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http, path: '/ws/v5/public' });
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    return new ScriptedOkx(http, wss, new Map(Object.entries(books)), listed);
  }

  get restUrl(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}/ws/v5/public`;
  }

  /** Closes every connection and the server. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise((resolve) => this.wss.close(resolve));
    this.http.closeAllConnections();
    await new Promise((resolve) => this.http.close(resolve));
  }

  private onMessage(socket: WebSocket, text: string): void {
    if (text === 'ping') return void socket.send('pong');
    const request = JSON.parse(text) as { op: string; args: { channel: string; instId: string }[] };
    for (const arg of request.args) {
      socket.send(JSON.stringify({ event: request.op, arg, connId: 'c0ffee01' }));
      const book = this.books.get(arg.instId);
      if (request.op !== 'subscribe' || book === undefined) continue;
      const row = ([price, size]: readonly [string, string]) => [price, size, '0', '1'];
      const data = { asks: book.asks.map(row), bids: book.bids.map(row), ts: '1700000000000', checksum: okxTestChecksum(book), prevSeqId: -1, seqId: book.seqId };
      socket.send(JSON.stringify({ arg, action: 'snapshot', data: [data] }));
    }
  }
}
