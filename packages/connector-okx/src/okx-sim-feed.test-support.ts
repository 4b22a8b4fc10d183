import { expect } from '@jest/globals';
import { createChunkedBook } from '@lob/book-chunked';
import { createTestFeed, LoopbackRelay, until } from '@lob/connector-kit/testing';
import { OkxSim, type OkxSimOptions } from '@lob/exchange-sim';
import { MarketFeed, type BookView, type FeedEvent, type MarketFeedOptions } from '@lob/core';
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

  private constructor(
    private readonly relay: LoopbackRelay,
    private readonly path: string,
  ) {}

  static async start(upstreamUrl: string): Promise<WireTap> {
    let tap: WireTap | undefined; // set before any client can connect
    const relay = await LoopbackRelay.start(upstreamUrl, {
      onConnection: () => tap!.connIds.push(undefined),
      fromClient: (text, connection) => tap!.record(text, connection),
      fromExchange: (text, connection) => tap!.heard(text, connection),
    });
    tap = new WireTap(relay, new URL(upstreamUrl).pathname);
    return tap;
  }

  /** The URL the connector is given (same path as the simulator's). */
  get url(): string {
    return this.relay.url(this.path);
  }

  /** Client connections accepted so far. */
  get connections(): number {
    return this.relay.connections;
  }

  /** The requests for one instId (optionally of one op), in order. */
  requestsFor(instId: string, op?: string): TappedRequest[] {
    return this.requests.filter((r) => r.instId === instId && (op === undefined || r.op === op));
  }

  /** `op@connection` of every request for one instId: what the assertions compare. */
  opsFor(instId: string): string[] {
    return this.requestsFor(instId).map((r) => `${r.op}@${r.connection}`);
  }

  close(): Promise<void> {
    return this.relay.close();
  }

  private heard(text: string, connection: number): void {
    if (text === 'pong') this.pongs.push(connection);
    else if (text.startsWith('{"event"')) this.connIds[connection] ??= (JSON.parse(text) as { connId?: string }).connId;
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
  const { feed, events, book } = createTestFeed({ connector, symbols: setup.symbols ?? INSTRUMENTS, createBook: createChunkedBook, feed: setup.feed });
  const harness: SimFeed = { sim, tap, connector, feed, events, book };
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

export { resyncCount, tickUntil, until } from '@lob/connector-kit/testing';
