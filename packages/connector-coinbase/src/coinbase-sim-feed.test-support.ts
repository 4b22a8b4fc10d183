import { expect } from '@jest/globals';
import { createChunkedBook } from '@lob/book-chunked';
import { createTestFeed, LoopbackRelay, until as pollUntil } from '@lob/connector-kit/testing';
import { CoinbaseSim, type CoinbaseSimOptions } from '@lob/exchange-sim';
import { MarketFeed, type BookView, type FeedEvent, type MarketFeedOptions, type StreamMessage } from '@lob/core';
import { createCoinbaseConnector, type CoinbaseConnector } from './coinbase-connector.js';
import type { CoinbaseConnectorOptions } from './connector-options.js';

// The real connector and core's MarketFeed against the exchange simulator's Coinbase (packages/exchange-sim), which
// shares no code with the connector: its true books are the reference every checkpoint compares against.

/** One level2 subscribe or unsubscribe the client sent, per product, as the simulator received it. */
export interface TappedRequest {
  /** 0-based index of the client connection it came on. */
  readonly connection: number;
  readonly type: string;
  readonly productId: string;
}

/**
 * A loopback relay between the connector and the simulator that records what crosses it: the simulator counts
 * messages, not which products each subscribe named, and the faults under test are about exactly that. It relays
 * text unchanged and in order both ways; a socket the simulator destroys is destroyed on the client side too (1006).
 * It can also put a request of its own on a connection (the barrier).
 */
export class WireTap {
  readonly requests: TappedRequest[] = [];
  /** Every level2 request the client sent, whole: `type p1,p2@connection`. */
  readonly lines: string[] = [];

  private constructor(private readonly relay: LoopbackRelay) {}

  static async start(upstreamUrl: string): Promise<WireTap> {
    let tap: WireTap | undefined; // set before any client can connect
    // Room for the simulator's largest snapshots.
    const relay = await LoopbackRelay.start(upstreamUrl, { fromClient: (text, connection) => tap!.record(text, connection) }, { maxPayload: 256 * 1024 * 1024 });
    tap = new WireTap(relay);
    return tap;
  }

  get url(): string {
    return this.relay.url();
  }

  /** Client connections accepted so far. */
  get connections(): number {
    return this.relay.connections;
  }

  /** Indexes of the connections whose exchange side is open. */
  openConnections(): number[] {
    return this.relay.openConnections();
  }

  /** `type@connection` of every level2 request naming this product, in order: what the assertions compare. */
  opsFor(productId: string): string[] {
    return this.requests.filter((r) => r.productId === productId).map((r) => `${r.type}@${r.connection}`);
  }

  /** Sends a text frame to the exchange on one connection, as if the client had sent it. */
  inject(connection: number, text: string): void {
    this.relay.inject(connection, text);
  }

  close(): Promise<void> {
    return this.relay.close();
  }

  private record(text: string, connection: number): void {
    try {
      const request = JSON.parse(text) as { type?: string; channel?: string; product_ids?: string[] };
      if (request.channel !== 'level2') return;
      this.lines.push(`${request.type} ${(request.product_ids ?? []).join(',')}@${connection}`);
      for (const productId of request.product_ids ?? []) this.requests.push({ connection, type: String(request.type), productId });
    } catch {
      // Not a request the tests count; relayed all the same.
    }
  }
}

/** The simulator, the relay, the real connector (its decode and deliveries recorded) and a MarketFeed. */
export interface SimFeed {
  readonly sim: CoinbaseSim;
  readonly tap: WireTap;
  readonly connector: CoinbaseConnector;
  readonly feed: MarketFeed;
  readonly events: FeedEvent[];
  /** Every frame core decoded through the connector, in order (frames decoded off the main thread are not in it). */
  readonly decoded: string[];
  /** Every message the connector decoded itself (off the main thread) and handed to core, in order. */
  readonly offThread: StreamMessage[];
  book(productId: string): BookView;
}

/** Three products with different prices and increments (XRP-USD: 4 price decimals, 6 size decimals). */
export const A = 'BTC-USD';
export const B = 'ETH-USD';
export const C = 'XRP-USD';
export const PRODUCTS = [A, B, C] as const;

const running: SimFeed[] = [];

/**
 * Starts a CoinbaseSim (manual ticks, heartbeats every 50 ms, 30 levels a side unless told), the relay, the
 * connector pointed at them and a MarketFeed for `symbols` (default A, B, C); `beforeStart` arms faults that must
 * meet the first subscribe. `stopAllSimFeeds` ends them.
 */
export async function startSimFeed(
  setup: {
    sim?: CoinbaseSimOptions;
    symbols?: readonly string[];
    connector?: CoinbaseConnectorOptions;
    feed?: Partial<MarketFeedOptions>;
    /** Replaces what the connector says about in-stream snapshots (a shorter wait than the default 10 s). */
    snapshotTimeoutMs?: number;
    beforeStart?: (sim: CoinbaseSim) => void;
  } = {},
): Promise<SimFeed> {
  const sim = await CoinbaseSim.start({
    seed: 11,
    autoTick: false,
    heartbeatIntervalMs: 50,
    products: PRODUCTS.map((productId) => ({ productId, levelsPerSide: 30 })),
    ...setup.sim,
  });
  const tap = await WireTap.start(sim.wsUrl);
  const real = createCoinbaseConnector({ wsUrl: tap.url, restUrl: sim.restUrl, ...setup.connector });
  const decoded: string[] = [];
  const offThread: StreamMessage[] = [];
  const connector: CoinbaseConnector = {
    ...real,
    ...(setup.snapshotTimeoutMs === undefined ? {} : { snapshots: { kind: 'stream', snapshotTimeoutMs: setup.snapshotTimeoutMs } }),
    decode: (frame) => {
      decoded.push(frame);
      return real.decode(frame);
    },
    openStream: (symbols, listener) =>
      real.openStream(
        symbols,
        listener.onMessage === undefined
          ? listener
          : {
              onOpen: () => listener.onOpen(),
              onFrame: (frame) => listener.onFrame(frame),
              onClose: (reason, error) => listener.onClose(reason, error),
              ...(listener.onAlive === undefined ? {} : { onAlive: () => listener.onAlive!() }),
              onMessage: (message) => {
                offThread.push(message);
                listener.onMessage!(message);
              },
            },
      ),
  };
  const { feed, events, book } = createTestFeed({ connector, symbols: setup.symbols ?? PRODUCTS, createBook: createChunkedBook, feed: setup.feed });
  const harness: SimFeed = { sim, tap, connector, feed, events, decoded, offThread, book };
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

/** Resolves once `ready()` holds, polling (a 20 s ceiling here). */
export function until(ready: () => boolean, what: string, ceilingMs = 20_000): Promise<void> {
  return pollUntil(ready, what, ceilingMs);
}

let barriers = 0;

/**
 * Resolves once the feed has processed everything the simulator sent so far on every open connection: a request
 * for a channel that does not exist, with a fresh name, goes out on each; the simulator answers it with an error
 * naming that channel, behind everything it sent before on that socket, so once the feed decoded each answer it
 * has applied all of it. (The error names no product, so the connector takes it for control and nothing moves.)
 */
export async function barrier(h: SimFeed): Promise<void> {
  const markers = h.tap.openConnections().map((connection) => {
    const marker = `barrier_${++barriers}`;
    h.tap.inject(connection, JSON.stringify({ type: 'subscribe', channel: marker }));
    return `"${marker}\\"`;
  });
  await until(() => markers.every((marker) => h.decoded.some((frame) => frame.includes(marker))), `barriers ${markers.join(', ')} decoded`);
}

/** Ticks one round at a time, each followed by a barrier, until `done` holds (at most `max` rounds). */
export async function tickUntil(h: SimFeed, done: () => boolean, what: string, max = 300): Promise<number> {
  for (let round = 1; round <= max; round++) {
    h.sim.tick(1);
    await barrier(h);
    if (done()) return round;
  }
  throw new Error(`not done after ${max} rounds: ${what}`);
}

/** The book the feed holds for a product, as [price, quantity] strings best first. */
export function held(h: SimFeed, productId: string): { bids: [string, string][]; asks: [string, string][] } {
  const side = (s: 'bid' | 'ask') => [...h.book(productId).book.levels(s)].map(([p, q]) => [p, q] as [string, string]);
  return { bids: side('bid'), asks: side('ask') };
}

/** Whether the feed's book is the simulator's true book now, level for level. */
export function matches(h: SimFeed, productId: string): boolean {
  return JSON.stringify(held(h, productId)) === JSON.stringify(h.sim.book(productId));
}

/**
 * The checkpoint: with the market standing still and every frame the simulator sent processed, each book is live
 * and the simulator's true book level for level with Coinbase's exact strings; Coinbase has no per-product ids, so
 * no book shows one (0).
 */
export async function expectExact(h: SimFeed, productIds: readonly string[] = PRODUCTS): Promise<void> {
  await until(() => productIds.every((p) => h.book(p).state === 'live'), `${productIds.join(', ')} live`);
  await barrier(h);
  for (const productId of productIds) {
    const view = h.book(productId);
    expect({ productId, state: view.state, lastUpdateId: view.lastUpdateId, ...held(h, productId) }).toEqual({
      productId,
      state: 'live',
      lastUpdateId: 0,
      ...h.sim.book(productId),
    });
  }
}

export { resyncCount } from '@lob/connector-kit/testing';
