import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { expect } from '@jest/globals';
import { createChunkedBook } from '@lob/book-chunked';
import { OkxSim, type OkxSimOptions } from '@lob/exchange-sim';
import { MarketFeed, type BookView, type FeedEvent, type MarketFeedOptions } from '@lob/core';
import { WebSocket, WebSocketServer } from 'ws';
import { createOkxConnector, type OkxConnector, type OkxConnectorOptions } from './okx-connector.js';

// The real connector and core's MarketFeed against the exchange simulator's OKX (packages/exchange-sim), which
// shares no code with the connector: its true books are the reference every checkpoint compares against.

/** One subscribe or unsubscribe the client sent, per instId, as the simulator received it. */
export interface TappedRequest {
  /** 0-based index of the client connection it came on. */
  readonly connection: number;
  readonly op: string;
  readonly instId: string;
}

/**
 * A loopback relay between the connector and the simulator that records what crosses it: the simulator counts
 * messages, not which instId each subscribe named, and the faults under test are about exactly that. It relays
 * frames unchanged and in order, and a socket the simulator destroys is destroyed on the client side too (1006).
 */
export class WireTap {
  readonly requests: TappedRequest[] = [];
  /** Per client connection: the connId the simulator named in its acks (what `inject({ connection })` takes). */
  readonly connIds: (string | undefined)[] = [];
  /** Client connection index of every text `ping` relayed, and of every `pong` relayed back. */
  readonly pings: number[] = [];
  readonly pongs: number[] = [];
  private readonly clients: WebSocket[] = [];
  private readonly upstreams: WebSocket[] = [];

  private constructor(
    private readonly wss: WebSocketServer,
    private readonly upstreamUrl: string,
  ) {
    wss.on('connection', (client) => this.relay(client));
  }

  static async start(upstreamUrl: string): Promise<WireTap> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
    await once(wss, 'listening');
    return new WireTap(wss, upstreamUrl);
  }

  /** The URL the connector is given (same path as the simulator's). */
  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}${new URL(this.upstreamUrl).pathname}`;
  }

  /** Client connections accepted so far. */
  get connections(): number {
    return this.clients.length;
  }

  /** The requests for one instId (optionally of one op), in order. */
  requestsFor(instId: string, op?: string): TappedRequest[] {
    return this.requests.filter((r) => r.instId === instId && (op === undefined || r.op === op));
  }

  /** `op@connection` of every request for one instId: what the assertions compare. */
  opsFor(instId: string): string[] {
    return this.requestsFor(instId).map((r) => `${r.op}@${r.connection}`);
  }

  async close(): Promise<void> {
    for (const socket of [...this.clients, ...this.upstreams]) socket.terminate();
    await new Promise((resolve) => this.wss.close(resolve));
  }

  private relay(client: WebSocket): void {
    const index = this.clients.length;
    this.clients.push(client);
    this.connIds.push(undefined);
    const upstream = new WebSocket(this.upstreamUrl, { perMessageDeflate: false });
    this.upstreams.push(upstream);
    const pending: string[] = [];
    upstream.on('open', () => {
      for (const text of pending.splice(0)) upstream.send(text);
    });
    client.on('message', (data) => {
      const text = data.toString();
      this.record(text, index);
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
      else pending.push(text);
    });
    upstream.on('message', (data) => {
      const text = data.toString();
      if (text === 'pong') this.pongs.push(index);
      else if (text.startsWith('{"event"')) this.connIds[index] ??= (JSON.parse(text) as { connId?: string }).connId;
      if (client.readyState === WebSocket.OPEN) client.send(text);
    });
    // The simulator destroys sockets without a close frame; so does the relay, so the client sees what OKX's would.
    upstream.on('close', () => client.terminate());
    client.on('close', () => upstream.terminate());
    upstream.on('error', () => client.terminate());
    client.on('error', () => upstream.terminate());
  }

  private record(text: string, connection: number): void {
    if (text === 'ping') {
      this.pings.push(connection);
      return;
    }
    try {
      const request = JSON.parse(text) as { op?: string; args?: { instId?: string }[] };
      for (const arg of request.args ?? []) this.requests.push({ connection, op: String(request.op), instId: String(arg.instId) });
    } catch {
      // Not a request the tests count; relayed all the same.
    }
  }
}

/** The simulator, the relay, the real connector and a MarketFeed over chunked books. */
export interface SimFeed {
  readonly sim: OkxSim;
  readonly tap: WireTap;
  readonly connector: OkxConnector;
  readonly feed: MarketFeed;
  readonly events: FeedEvent[];
  book(instId: string): BookView;
}

/** Three instruments of three kinds and tick sizes; small books so every test stays fast. */
export const A = 'BTC-USDT';
export const B = 'ETH-USDT';
export const C = 'BTC-USDT-SWAP';
export const INSTRUMENTS = [A, B, C] as const;

const running: SimFeed[] = [];

/**
 * Starts an OkxSim (manual ticks unless told), the relay, the connector pointed at them and a MarketFeed for
 * `symbols` (default A, B, C); `beforeStart` arms faults that must meet the first subscribe. `stopAllSimFeeds` ends them.
 */
export async function startSimFeed(setup: {
  sim?: OkxSimOptions;
  symbols?: readonly string[];
  connector?: OkxConnectorOptions;
  feed?: Partial<MarketFeedOptions>;
  /** Replaces what the connector says about in-stream snapshots (e.g. a shorter snapshot wait). */
  snapshotTimeoutMs?: number;
  beforeStart?: (sim: OkxSim) => void;
} = {}): Promise<SimFeed> {
  const sim = await OkxSim.start({
    seed: 11,
    autoTick: false,
    instruments: INSTRUMENTS.map((instId) => ({ instId, levelsPerSide: 30 })),
    ...setup.sim,
  });
  const tap = await WireTap.start(sim.wsUrl);
  const real = createOkxConnector({ wsUrl: tap.url, restUrl: sim.restUrl, ...setup.connector });
  const connector: OkxConnector =
    setup.snapshotTimeoutMs === undefined ? real : { ...real, snapshots: { kind: 'stream', snapshotTimeoutMs: setup.snapshotTimeoutMs } };
  const events: FeedEvent[] = [];
  const feed = new MarketFeed({
    connector,
    symbols: setup.symbols ?? INSTRUMENTS,
    createBook: createChunkedBook,
    // Generous for a busy machine: only the silence test is about silence, and it sets its own.
    silenceTimeoutMs: 60_000,
    reconnect: { baseMs: 10, maxMs: 50 },
    ...setup.feed,
    onEvent: (event) => events.push(event),
  });
  const harness: SimFeed = { sim, tap, connector, feed, events, book: (instId) => feed.book(instId)! };
  running.push(harness);
  setup.beforeStart?.(sim);
  feed.start();
  return harness;
}

/** Stops every feed, connector, relay and simulator startSimFeed started. */
export async function stopAllSimFeeds(): Promise<void> {
  for (const { feed, connector, tap, sim } of running.splice(0)) {
    feed.stop();
    await connector.close();
    await tap.close();
    await sim.close();
  }
}

/** Resolves once `ready()` holds, polling; the ceiling only keeps a broken test from hanging on a loaded machine. */
export async function until(ready: () => boolean, what: string, ceilingMs = 15_000): Promise<void> {
  const deadline = Date.now() + ceilingMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`never reached: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * Ticks the simulator (one update per instrument) until `ready()` holds: for states that need traffic to show,
 * such as the end of a stall, which only the next push after it reveals. A round every 20 ms keeps the books small.
 */
export async function tickUntil(sim: OkxSim, ready: () => boolean, what: string, ceilingMs = 15_000): Promise<void> {
  const deadline = Date.now() + ceilingMs;
  let lastTick = 0;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`never reached: ${what}`);
    if (Date.now() - lastTick >= 20) {
      sim.tick(1);
      lastTick = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Every book of these instIds live at the simulator's current seqId (call with the market standing still). */
export async function caughtUp(h: SimFeed, instIds: readonly string[] = INSTRUMENTS): Promise<void> {
  await until(
    () => instIds.every((instId) => h.book(instId).state === 'live' && h.book(instId).lastUpdateId === h.sim.seqId(instId)),
    `${instIds.join(', ')} live at the simulator's seqId`,
  );
}

/**
 * The checkpoint: with the market standing still, each book is the simulator's true book level for level with
 * OKX's exact strings, at its seqId, and the checksum the book last matched is the true book's.
 */
export async function expectExact(h: SimFeed, instIds: readonly string[] = INSTRUMENTS): Promise<void> {
  await caughtUp(h, instIds);
  for (const instId of instIds) {
    const view = h.book(instId);
    const truth = h.sim.book(instId);
    expect({ instId, seqId: view.lastUpdateId, bids: [...view.book.levels('bid')], asks: [...view.book.levels('ask')] }).toEqual({
      instId,
      ...truth,
    });
    expect(view.checksum).toBe(h.sim.checksum(instId));
  }
}

/** Total resyncs of a book, any cause. */
export function resyncCount(view: BookView): number {
  return Object.values(view.stats.resyncs).reduce((sum, n) => sum + (n ?? 0), 0);
}
