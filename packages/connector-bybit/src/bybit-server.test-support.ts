import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

// The test side of the wire: written from Bybit's documented protocol, sharing no code with the connector (a test in
// which both sides use the same encoder would prove nothing).

/** One subscribe or unsubscribe request the client sent, per topic. */
export interface SeenRequest {
  /** 0-based index of the connection it came on. */
  readonly connection: number;
  readonly op: string;
  readonly topic: string;
  /** The symbol of an `orderbook.{depth}.{symbol}` topic. */
  readonly symbol: string;
  /** How many topics the request carried. */
  readonly args: number;
}

/** What the server does when the client subscribes one topic on a connection (after the request's ack). */
export type SubscribeHandler = (server: FakeBybitServer, symbol: string, topic: string, connection: number) => void;

/** A loopback Bybit public WebSocket (127.0.0.1, port 0): records requests, answers pings, pushes what tests say. */
export class FakeBybitServer {
  readonly requests: SeenRequest[] = [];
  /** Connection index of every `{"op":"ping"}` received. */
  readonly pings: number[] = [];
  readonly sockets: WebSocket[] = [];
  /** Whether a ping is answered (Bybit always does). */
  answerPings = true;
  /** What the ack of a subscribe request says: success, or the refusal text for its topics. */
  subscribeAck: (topics: readonly string[]) => { success: boolean; ret_msg: string } = () => ({ success: true, ret_msg: '' });
  /** Default: nothing after the ack. */
  onSubscribe: SubscribeHandler = () => undefined;

  private constructor(private readonly wss: WebSocketServer) {
    wss.on('connection', (socket) => {
      const connection = this.sockets.length;
      this.sockets.push(socket);
      socket.on('message', (data) => this.onMessage(data.toString(), connection));
    });
  }

  /** Starts listening on 127.0.0.1 at a free port. */
  static async start(): Promise<FakeBybitServer> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(wss, 'listening');
    return new FakeBybitServer(wss);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/v5/public/linear`;
  }

  /** Sends text on one connection (default: the latest). */
  send(text: string, connection = this.sockets.length - 1): void {
    const socket = this.sockets[connection];
    if (socket !== undefined && socket.readyState === socket.OPEN) socket.send(text);
  }

  /** The requests of one op for one symbol, in order. */
  requestsFor(symbol: string, op?: string): SeenRequest[] {
    return this.requests.filter((r) => r.symbol === symbol && (op === undefined || r.op === op));
  }

  /** Closes every connection and the server. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise((resolve) => this.wss.close(resolve));
  }

  private onMessage(text: string, connection: number): void {
    const request = JSON.parse(text) as { op: string; args?: string[]; req_id?: string };
    if (request.op === 'ping') {
      this.pings.push(connection);
      if (this.answerPings) this.send(JSON.stringify({ success: true, ret_msg: 'pong', conn_id: 'c0', req_id: '', op: 'ping' }), connection);
      return;
    }
    const topics = request.args ?? [];
    for (const topic of topics) {
      this.requests.push({ connection, op: request.op, topic, symbol: topic.split('.').slice(2).join('.'), args: topics.length });
    }
    const ack = request.op === 'subscribe' ? this.subscribeAck(topics) : { success: true, ret_msg: '' };
    this.send(JSON.stringify({ ...ack, conn_id: 'c0', req_id: request.req_id ?? '', op: request.op }), connection);
    if (request.op !== 'subscribe' || !ack.success) return;
    for (const topic of topics) this.onSubscribe(this, topic.split('.').slice(2).join('.'), topic, connection);
  }
}

/** A price level as the test writes it: [price, size]. */
export type TestLevel = readonly [string, string];

/**
 * The exchange's true book for one symbol, numbering its pushes by `u` as Bybit does: every push is applied to it
 * first, so a correct client ends on exactly its levels. Test prices are small decimals, so ordering them by Number
 * is exact here.
 */
export class TrueBybitBook {
  private readonly bids = new Map<string, string>();
  private readonly asks = new Map<string, string>();
  private seq = 1_000;

  constructor(
    readonly symbol: string,
    bids: readonly TestLevel[],
    asks: readonly TestLevel[],
    /** The last `u` pushed. */
    public u = 100,
    readonly depth = 200,
  ) {
    for (const [price, size] of bids) this.bids.set(price, size);
    for (const [price, size] of asks) this.asks.set(price, size);
  }

  /** The whole book as a snapshot push at the current `u`. */
  snapshot(): string {
    return this.push('snapshot', this.side('bid'), this.side('ask'));
  }

  /** Bybit's service restarted: the book as a snapshot push numbered `u = 1`, the chain starting over. */
  restart(): string {
    this.u = 1;
    return this.push('snapshot', this.side('bid'), this.side('ask'));
  }

  /** Applies the changes (size "0" deletes) and returns them as a delta push numbered u + 1. */
  delta(bids: readonly TestLevel[], asks: readonly TestLevel[]): string {
    for (const [price, size] of bids) (size === '0' ? this.bids.delete(price) : this.bids.set(price, size));
    for (const [price, size] of asks) (size === '0' ? this.asks.delete(price) : this.asks.set(price, size));
    this.u++;
    return this.push('delta', bids, asks);
  }

  /** One side, best first. */
  side(side: 'bid' | 'ask'): [string, string][] {
    const levels = [...(side === 'bid' ? this.bids : this.asks).entries()];
    return levels.sort((a, b) => (side === 'bid' ? Number(b[0]) - Number(a[0]) : Number(a[0]) - Number(b[0])));
  }

  private push(type: string, b: readonly TestLevel[], a: readonly TestLevel[]): string {
    this.seq += 7;
    const data = { s: this.symbol, b, a, u: this.u, seq: this.seq };
    return JSON.stringify({ topic: `orderbook.${this.depth}.${this.symbol}`, type, ts: 1_700_000_000_000 + this.u, data, cts: 1_700_000_000_000 });
  }
}
