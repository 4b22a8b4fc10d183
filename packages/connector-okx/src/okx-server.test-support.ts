import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import { WebSocketServer, type WebSocket } from 'ws';

// The test side of the wire: written from OKX's documented protocol, sharing no code with the connector (a test in
// which both sides use the same encoder and checksum would prove nothing).

/** One subscribe or unsubscribe request the client sent, per instId. */
export interface SeenRequest {
  /** 0-based index of the connection it came on. */
  readonly connection: number;
  readonly op: string;
  readonly channel: string;
  readonly instId: string;
}

/** What the server does when the client subscribes one instId on a connection. */
export type SubscribeHandler = (server: FakeOkxServer, instId: string, channel: string, connection: number) => void;

/** A loopback OKX public WebSocket (127.0.0.1, port 0): records requests, answers `ping`, pushes what tests say. */
export class FakeOkxServer {
  readonly requests: SeenRequest[] = [];
  /** Connection index of every text `ping` received. */
  readonly pings: number[] = [];
  readonly sockets: WebSocket[] = [];
  /** Whether a text `ping` is answered with `pong` (OKX always does). */
  answerPings = true;
  /** Default: acknowledge the subscription, nothing more. */
  onSubscribe: SubscribeHandler = (server, instId, channel, connection) => server.send(subscribeAck(channel, instId), connection);

  private constructor(private readonly wss: WebSocketServer) {
    wss.on('connection', (socket) => {
      const connection = this.sockets.length;
      this.sockets.push(socket);
      socket.on('message', (data) => this.onMessage(data.toString(), connection));
    });
  }

  /** Starts listening on 127.0.0.1 at a free port. */
  static async start(): Promise<FakeOkxServer> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(wss, 'listening');
    return new FakeOkxServer(wss);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/ws/v5/public`;
  }

  /** Sends text on one connection (default: the latest). */
  send(text: string, connection = this.sockets.length - 1): void {
    const socket = this.sockets[connection];
    if (socket !== undefined && socket.readyState === socket.OPEN) socket.send(text);
  }

  /** The requests of one op for one instId, in order. */
  requestsFor(instId: string, op?: string): SeenRequest[] {
    return this.requests.filter((r) => r.instId === instId && (op === undefined || r.op === op));
  }

  /** Closes every connection and the server. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise((resolve) => this.wss.close(resolve));
  }

  private onMessage(text: string, connection: number): void {
    if (text === 'ping') {
      this.pings.push(connection);
      if (this.answerPings) this.send('pong', connection);
      return;
    }
    const request = JSON.parse(text) as { op: string; args: { channel: string; instId: string }[] };
    for (const { channel, instId } of request.args) {
      this.requests.push({ connection, op: request.op, channel, instId });
      if (request.op === 'subscribe') this.onSubscribe(this, instId, channel, connection);
      else this.send(JSON.stringify({ event: request.op, arg: { channel, instId } }), connection);
    }
  }
}

/** OKX's subscribe acknowledgement. */
export function subscribeAck(channel: string, instId: string): string {
  return JSON.stringify({ event: 'subscribe', arg: { channel, instId }, connId: 'a4d3ae55' });
}

/** A price level as the test writes it: [price, size]. */
export type TestLevel = readonly [string, string];

/** Sequence ids to put on a push, when the test wants them. */
export interface TestIds {
  readonly seqId: number;
  readonly prevSeqId: number;
}

/**
 * The exchange's true book for one instrument: every push it makes is applied to it first, so its checksum is the
 * one a correct client must reach. Test prices are small decimals, so ordering them by Number is exact here.
 */
export class TrueOkxBook {
  private readonly bids = new Map<string, string>();
  private readonly asks = new Map<string, string>();

  constructor(
    readonly instId: string,
    readonly channel: string,
    bids: readonly TestLevel[],
    asks: readonly TestLevel[],
  ) {
    for (const [price, size] of bids) this.bids.set(price, size);
    for (const [price, size] of asks) this.asks.set(price, size);
  }

  /** The whole book as an OKX snapshot push. */
  snapshot(ids?: TestIds): string {
    return this.push('snapshot', this.side('bid'), this.side('ask'), this.checksum(), ids);
  }

  /** Applies the changes (size "0" deletes) and returns them as an OKX update push carrying the new checksum. */
  update(bids: readonly TestLevel[], asks: readonly TestLevel[], ids?: TestIds): string {
    for (const [price, size] of bids) (size === '0' ? this.bids.delete(price) : this.bids.set(price, size));
    for (const [price, size] of asks) (size === '0' ? this.asks.delete(price) : this.asks.set(price, size));
    return this.push('update', bids, asks, this.checksum(), ids);
  }

  /** One side, best first. */
  side(side: 'bid' | 'ask'): [string, string][] {
    const levels = [...(side === 'bid' ? this.bids : this.asks).entries()];
    return levels.sort((a, b) => (side === 'bid' ? Number(b[0]) - Number(a[0]) : Number(a[0]) - Number(b[0])));
  }

  /** OKX's checksum: signed CRC32 of bid1Px:bid1Sz:ask1Px:ask1Sz:... over the top 25 of each side. */
  checksum(): number {
    const bids = this.side('bid').slice(0, 25);
    const asks = this.side('ask').slice(0, 25);
    const parts: string[] = [];
    for (let i = 0; i < Math.max(bids.length, asks.length); i++) {
      if (bids[i] !== undefined) parts.push(...bids[i]!);
      if (asks[i] !== undefined) parts.push(...asks[i]!);
    }
    return crc32(parts.join(':')) | 0;
  }

  private push(action: string, bids: readonly TestLevel[], asks: readonly TestLevel[], checksum: number, ids?: TestIds): string {
    const row = ([price, size]: TestLevel) => [price, size, '0', '1'];
    const data = { asks: asks.map(row), bids: bids.map(row), ts: '1700000000000', checksum, ...(ids ?? {}) };
    return JSON.stringify({ arg: { channel: this.channel, instId: this.instId }, action, data: [data] });
  }
}
