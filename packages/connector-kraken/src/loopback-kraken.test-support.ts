import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** What the loopback Kraken serves; pairs are in the wire spelling of the protocol asked (v1 XBT/CHF, v2 BTC/CHF). */
export interface LoopbackKrakenScript {
  /** The book frames of the `nth` (0-based) subscription of a pair, sent in order after its acknowledgement. */
  readonly books: ReadonlyMap<string, (nth: number) => readonly string[]>;
  /** Pairs whose subscribe is refused, with Kraken's error text. */
  readonly refusals?: ReadonlyMap<string, string>;
  /** AssetPairs entries by `wsname` (v1 spelling, as Kraken's REST writes it). */
  readonly assetPairs?: ReadonlyMap<string, { readonly pair_decimals: number; readonly lot_decimals: number }>;
}

/**
 * A minimal Kraken on 127.0.0.1 (port 0): WebSocket v1 on `/`, v2 on `/v2`, and REST AssetPairs on the same port. It
 * answers subscribe and unsubscribe as Kraken does (one answer per pair, the request id echoed), then sends each
 * subscribed pair's frames in order; an unsubscribed pair's frames stop at once. It reads requests with plain
 * JSON.parse and shares no code with the connector. `log` tells the order of what it received (`> `) and answered (`< `).
 */
export class LoopbackKraken {
  readonly log: string[] = [];
  /** AssetPairs requests served. */
  assetPairsRequests = 0;
  /** WebSocket paths connected to, in order. */
  readonly paths: string[] = [];
  /** Per pair: subscriptions so far, and the one live now (undefined when unsubscribed). */
  private readonly subscriptions = new Map<string, { count: number; live: number | undefined }>();

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    private readonly script: LoopbackKrakenScript,
    readonly port: number,
  ) {
    wss.on('connection', (socket, request) => {
      const protocol = (request.url ?? '/').replace(/\/+$/, '').endsWith('/v2') ? 'v2' : 'v1';
      this.paths.push(request.url ?? '/');
      socket.on('message', (data) => this.onRequest(socket, protocol, JSON.parse(String(data)) as Record<string, unknown>));
    });
  }

  /** Starts the server on 127.0.0.1, port 0. */
  static async start(script: LoopbackKrakenScript): Promise<LoopbackKraken> {
    let self: LoopbackKraken | undefined;
    const http = createServer((req, res) => self?.onHttp(req, res));
    const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    self = new LoopbackKraken(http, wss, script, (http.address() as AddressInfo).port);
    return self;
  }

  /** v1 WebSocket URL (no path). */
  get v1Url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }
  /** v2 WebSocket URL (path /v2). */
  get v2Url(): string {
    return `ws://127.0.0.1:${this.port}/v2`;
  }
  /** REST base URL. */
  get restUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The log entries about one pair, in order. */
  about(pair: string): string[] {
    return this.log.filter((entry) => entry.split(' ')[2]?.split(',').includes(pair));
  }

  /** Closes every connection and the server. */
  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise((resolve) => this.wss.close(resolve));
    await new Promise((resolve) => this.http.close(resolve));
  }

  private onHttp(req: IncomingMessage, res: ServerResponse): void {
    if (req.url !== '/0/public/AssetPairs') {
      res.writeHead(404).end();
      return;
    }
    this.assetPairsRequests++;
    const result: Record<string, unknown> = {};
    for (const [wsname, decimals] of this.script.assetPairs ?? []) result[wsname.replace('/', '')] = { wsname, status: 'online', ...decimals };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ error: [], result }));
  }

  private onRequest(socket: WebSocket, protocol: 'v1' | 'v2', request: Record<string, unknown>): void {
    const method = protocol === 'v2' ? request.method : request.event;
    if (method === 'ping') return socket.send(protocol === 'v2' ? JSON.stringify({ method: 'pong', req_id: request.req_id }) : JSON.stringify({ event: 'pong', reqid: request.reqid }));
    if (method !== 'subscribe' && method !== 'unsubscribe') return;
    const params = (protocol === 'v2' ? request.params : request) as Record<string, unknown>;
    const pairs = (protocol === 'v2' ? params.symbol : params.pair) as string[];
    const reqId = (protocol === 'v2' ? request.req_id : request.reqid) as number | undefined;
    this.log.push(`> ${method} ${pairs.join(',')}`);
    for (const pair of pairs) {
      if (method === 'subscribe') this.subscribe(socket, protocol, pair, reqId);
      else this.unsubscribe(socket, protocol, pair, reqId);
    }
  }

  private subscribe(socket: WebSocket, protocol: 'v1' | 'v2', pair: string, reqId: number | undefined): void {
    const refusal = this.script.refusals?.get(pair) ?? (this.script.books.has(pair) ? undefined : 'Currency pair not supported');
    const state = this.subscriptions.get(pair) ?? { count: 0, live: undefined };
    const error = refusal ?? (state.live !== undefined ? 'Already subscribed' : undefined);
    if (error !== undefined) {
      this.log.push(`< refused ${pair} ${error}`);
      return socket.send(answer(protocol, 'subscribe', pair, reqId, error));
    }
    const nth = state.count++;
    state.live = nth;
    this.subscriptions.set(pair, state);
    this.log.push(`< subscribed ${pair}`);
    socket.send(answer(protocol, 'subscribe', pair, reqId));
    void this.pump(socket, pair, nth, this.script.books.get(pair)!(nth));
  }

  private unsubscribe(socket: WebSocket, protocol: 'v1' | 'v2', pair: string, reqId: number | undefined): void {
    const state = this.subscriptions.get(pair);
    if (state?.live === undefined) {
      this.log.push(`< refused ${pair} Subscription Not Found`);
      return socket.send(answer(protocol, 'unsubscribe', pair, reqId, 'Subscription Not Found'));
    }
    state.live = undefined;
    this.log.push(`< unsubscribed ${pair}`);
    socket.send(answer(protocol, 'unsubscribe', pair, reqId));
  }

  /** Sends one subscription's frames in order, yielding now and then so requests are read meanwhile. */
  private async pump(socket: WebSocket, pair: string, nth: number, frames: readonly string[]): Promise<void> {
    for (let i = 0; i < frames.length; i++) {
      if (i % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
      if (this.subscriptions.get(pair)?.live !== nth || socket.readyState !== socket.OPEN) return;
      socket.send(frames[i]!);
    }
  }
}

/** Kraken's answer to one pair's subscribe or unsubscribe, success or refusal, in each protocol's shape. */
function answer(protocol: 'v1' | 'v2', method: 'subscribe' | 'unsubscribe', pair: string, reqId: number | undefined, error?: string): string {
  if (protocol === 'v2') {
    const times = { time_in: '2021-04-17T16:48:52.000000Z', time_out: '2021-04-17T16:48:52.000100Z' };
    if (error !== undefined) return JSON.stringify({ error, method, req_id: reqId, success: false, symbol: pair, ...times });
    const result = { channel: 'book', depth: 1000, ...(method === 'subscribe' ? { snapshot: true } : {}), symbol: pair };
    return JSON.stringify({ method, req_id: reqId, result, success: true, ...times });
  }
  const subscription = { depth: 1000, name: 'book' };
  if (error !== undefined) return JSON.stringify({ errorMessage: error, event: 'subscriptionStatus', pair, reqid: reqId, status: 'error', subscription });
  const status = method === 'subscribe' ? 'subscribed' : 'unsubscribed';
  return JSON.stringify({ channelID: 4528, channelName: 'book-1000', event: 'subscriptionStatus', pair, reqid: reqId, status, subscription });
}
