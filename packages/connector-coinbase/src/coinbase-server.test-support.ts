import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

// The test side of the wire: written from Coinbase's documented protocol, sharing no code with the connector (a
// test in which both sides used the same encoder would prove nothing).

/** One subscribe or unsubscribe request the client sent, per product (channel-wide requests name product ''). */
export interface SeenRequest {
  /** 0-based index of the connection it came on. */
  readonly connection: number;
  readonly type: string;
  readonly channel: string;
  readonly productId: string;
}

/** What the server does when the client subscribes one product on level2 over a connection. */
export type SubscribeHandler = (server: FakeCoinbaseServer, productId: string, connection: number) => void;

/**
 * A loopback Advanced Trade WebSocket (127.0.0.1, port 0): records requests and numbers every message it sends on a
 * connection (`sequence_num` 0, 1, 2, ...) unless the test sends text as is.
 */
export class FakeCoinbaseServer {
  readonly requests: SeenRequest[] = [];
  /** Every message the client sent, as `connection:text`. */
  readonly messages: string[] = [];
  readonly sockets: WebSocket[] = [];
  /** The next sequence_num of each connection. */
  private readonly nextSeq: number[] = [];
  /** Default: acknowledge with a numbered `subscriptions` message, nothing more. */
  onSubscribe: SubscribeHandler = (server, productId, connection) => server.sendNumbered(subscriptionsMessage([productId]), connection);
  /** Whether a heartbeats subscription is acknowledged with one numbered heartbeat. */
  answerHeartbeats = true;

  private constructor(private readonly wss: WebSocketServer) {
    wss.on('connection', (socket) => {
      const connection = this.sockets.length;
      this.sockets.push(socket);
      this.nextSeq.push(0);
      socket.on('message', (data) => this.onMessage(data.toString(), connection));
    });
  }

  /** Starts listening on 127.0.0.1 at a free port. */
  static async start(): Promise<FakeCoinbaseServer> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(wss, 'listening');
    return new FakeCoinbaseServer(wss);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}`;
  }

  /** Sends text as it is on one connection (default: the latest). */
  send(text: string, connection = this.sockets.length - 1): void {
    const socket = this.sockets[connection];
    if (socket !== undefined && socket.readyState === socket.OPEN) socket.send(text);
  }

  /** Sends a message stamped with the connection's next sequence_num. */
  sendNumbered(message: Record<string, unknown>, connection = this.sockets.length - 1): void {
    const sequence_num = this.nextSeq[connection]!;
    this.nextSeq[connection] = sequence_num + 1;
    this.send(JSON.stringify({ ...message, sequence_num }), connection);
  }

  /** Sends a frame of the caller's own text (say, a broken one) stamped with the connection's next sequence_num. */
  sendNumberedText(text: (sequenceNum: number) => string, connection = this.sockets.length - 1): void {
    const sequence_num = this.nextSeq[connection]!;
    this.nextSeq[connection] = sequence_num + 1;
    this.send(text(sequence_num), connection);
  }

  /** Loses one message: the connection's next sequence_num is never sent. */
  skipNumber(connection = this.sockets.length - 1): void {
    this.nextSeq[connection]!++;
  }

  /** Sends a numbered heartbeat. */
  heartbeat(connection = this.sockets.length - 1): void {
    this.sendNumbered({ channel: 'heartbeats', client_id: '', timestamp: '2026-08-09T21:05:49.000000000Z', events: [{ current_time: '2026-08-09 21:05:49 +0000 UTC', heartbeat_counter: 1 }] }, connection);
  }

  /** The requests of one type for one product, in order. */
  requestsFor(productId: string, type?: string): SeenRequest[] {
    return this.requests.filter((r) => r.productId === productId && (type === undefined || r.type === type));
  }

  /** Closes every connection and the server. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise((resolve) => this.wss.close(resolve));
  }

  private onMessage(text: string, connection: number): void {
    this.messages.push(`${connection}:${text}`);
    const request = JSON.parse(text) as { type: string; channel: string; product_ids?: string[] };
    if (request.channel === 'heartbeats') {
      this.requests.push({ connection, type: request.type, channel: request.channel, productId: '' });
      if (request.type === 'subscribe' && this.answerHeartbeats) this.heartbeat(connection);
      return;
    }
    for (const productId of request.product_ids ?? []) {
      this.requests.push({ connection, type: request.type, channel: request.channel, productId });
      if (request.type === 'subscribe' && request.channel === 'level2') this.onSubscribe(this, productId, connection);
      else if (request.type === 'unsubscribe') this.sendNumbered(subscriptionsMessage([]), connection);
    }
  }
}

/** Coinbase's `subscriptions` message listing the level2 products now subscribed. */
export function subscriptionsMessage(productIds: readonly string[]): Record<string, unknown> {
  return { channel: 'subscriptions', client_id: '', timestamp: '2026-08-09T21:05:48.228846629Z', events: [{ subscriptions: { level2: productIds, heartbeats: ['heartbeats'] } }] };
}

/** A price level as the test writes it: [price, quantity]. */
export type TestLevel = readonly [string, string];

/**
 * The exchange's true book for one product: every update it sends is applied to it first, so it is the book a
 * correct client must hold. Test prices are small decimals, so ordering them by Number is exact here.
 */
export class TrueCoinbaseBook {
  private readonly bids = new Map<string, string>();
  private readonly asks = new Map<string, string>();

  constructor(
    readonly productId: string,
    bids: readonly TestLevel[],
    asks: readonly TestLevel[],
  ) {
    for (const [price, quantity] of bids) this.bids.set(price, quantity);
    for (const [price, quantity] of asks) this.asks.set(price, quantity);
  }

  /** The whole book as a level2 snapshot message (unnumbered). */
  snapshot(): Record<string, unknown> {
    return this.message('snapshot', this.side('bid'), this.side('ask'));
  }

  /** Applies the changes (quantity "0" deletes) and returns them as a level2 update message (unnumbered). */
  update(bids: readonly TestLevel[], asks: readonly TestLevel[]): Record<string, unknown> {
    for (const [price, quantity] of bids) (quantity === '0' ? this.bids.delete(price) : this.bids.set(price, quantity));
    for (const [price, quantity] of asks) (quantity === '0' ? this.asks.delete(price) : this.asks.set(price, quantity));
    return this.message('update', bids, asks);
  }

  /** One side, best first. */
  side(side: 'bid' | 'ask'): [string, string][] {
    const levels = [...(side === 'bid' ? this.bids : this.asks).entries()];
    return levels.sort((a, b) => (side === 'bid' ? Number(b[0]) - Number(a[0]) : Number(a[0]) - Number(b[0])));
  }

  private message(type: string, bids: readonly TestLevel[], asks: readonly TestLevel[]): Record<string, unknown> {
    const at = '2026-08-09T21:05:48.35161Z';
    const row = (side: string) => ([price_level, new_quantity]: TestLevel) => ({ side, event_time: at, price_level, new_quantity });
    const updates = [...bids.map(row('bid')), ...asks.map(row('offer'))];
    return { channel: 'l2_data', client_id: '', timestamp: '2026-08-09T21:05:48.618125631Z', events: [{ type, product_id: this.productId, updates }] };
  }
}
