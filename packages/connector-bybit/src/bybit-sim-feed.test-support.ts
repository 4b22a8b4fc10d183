import { expect } from '@jest/globals';
import { createChunkedBook } from '@lob/book-chunked';
import { createTestFeed, LoopbackRelay, until } from '@lob/connector-kit/testing';
import { BybitSim, type BybitCategory, type BybitSimOptions } from '@lob/exchange-sim';
import { MarketFeed, type BookView, type FeedEvent, type Level, type MarketFeedOptions } from '@lob/core';
import { createBybitConnector, type BybitConnector, type BybitConnectorOptions } from './bybit-connector.js';

// The real connector and core's MarketFeed against the exchange simulator's Bybit (packages/exchange-sim), which
// shares no code with the connector: its true book windows are the reference every checkpoint compares against.

/** One subscribe or unsubscribe the client sent, per topic, as the simulator received it. */
export interface TappedRequest {
  /** 0-based index of the client connection it came on. */
  readonly connection: number;
  readonly op: string;
  /** The symbol of the `orderbook.{depth}.{symbol}` topic. */
  readonly symbol: string;
}

/**
 * A loopback relay between the connector and the simulator that records what crosses it: the simulator counts
 * messages, not which topic each subscribe named, and the faults under test are about exactly that. It relays
 * frames unchanged and in order, and a socket the simulator destroys is destroyed on the client side too (1006).
 */
export class WireTap {
  readonly requests: TappedRequest[] = [];
  /** Per client connection: the conn_id the simulator named in its answers (what `inject({ connection })` takes). */
  readonly connIds: (string | undefined)[] = [];
  /** Client connection index of every `{"op":"ping"}` relayed, and of every pong relayed back. */
  readonly pings: number[] = [];
  readonly pongs: number[] = [];
  /** Every answer to a subscribe the simulator sent, with the connection it went to. */
  readonly subscribeAnswers: { connection: number; success: boolean; message: string }[] = [];

  private constructor(
    private readonly relay: LoopbackRelay,
    private readonly path: string,
  ) {}

  static async start(upstreamUrl: string): Promise<WireTap> {
    let tap: WireTap | undefined; // set before any client can connect
    const relay = await LoopbackRelay.start(upstreamUrl, {
      onConnection: () => tap!.connIds.push(undefined),
      fromClient: (text, connection) => tap!.record(text, connection),
      fromExchange: (text, connection) => {
        if (text.startsWith('{"success"')) tap!.answer(text, connection);
      },
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

  /** The requests for one symbol (optionally of one op), in order. */
  requestsFor(symbol: string, op?: string): TappedRequest[] {
    return this.requests.filter((r) => r.symbol === symbol && (op === undefined || r.op === op));
  }

  /** `op@connection` of every request for one symbol: what the assertions compare. */
  opsFor(symbol: string): string[] {
    return this.requestsFor(symbol).map((r) => `${r.op}@${r.connection}`);
  }

  close(): Promise<void> {
    return this.relay.close();
  }

  private answer(text: string, connection: number): void {
    const reply = JSON.parse(text) as { success?: boolean; ret_msg?: string; conn_id?: string; op?: string };
    this.connIds[connection] ??= reply.conn_id;
    if (reply.op === 'ping' && reply.ret_msg === 'pong') this.pongs.push(connection);
    if (reply.op === 'subscribe') this.subscribeAnswers.push({ connection, success: reply.success === true, message: String(reply.ret_msg) });
  }

  private record(text: string, connection: number): void {
    try {
      const request = JSON.parse(text) as { op?: string; args?: unknown[] };
      if (request.op === 'ping') {
        this.pings.push(connection);
        return;
      }
      for (const topic of request.args ?? []) {
        this.requests.push({ connection, op: String(request.op), symbol: String(topic).split('.').slice(2).join('.') });
      }
    } catch {
      // Not a request the tests count; relayed all the same.
    }
  }
}

/** The simulator, the relay, the real connector and a MarketFeed over chunked books. */
export interface SimFeed {
  readonly category: BybitCategory;
  readonly sim: BybitSim;
  readonly tap: WireTap;
  readonly connector: BybitConnector;
  readonly feed: MarketFeed;
  readonly events: FeedEvent[];
  book(symbol: string): BookView;
  /** The simulator's `u` of the symbol's subscribed topic (`orderbook.{DEPTH}.{symbol}`). */
  u(symbol: string): number | undefined;
}

/** Three symbols both categories list (each with its own tick and lot step); small books keep every test fast. */
export const A = 'BTCUSDT';
export const B = 'ETHUSDT';
export const C = 'SOLUSDT';
export const SYMBOLS = [A, B, C] as const;
/**
 * The subscribed depth: smaller than the simulator's books (LEVELS a side), so the exchange-kept window is
 * exercised: levels leave it (deleted with size "0") and enter it from below (refills).
 */
export const DEPTH = 50;
const LEVELS = 70;

const running: SimFeed[] = [];

/**
 * Starts a BybitSim of the category (manual ticks unless told), the relay, the connector pointed at them and a
 * MarketFeed for `symbols` (default A, B, C); `beforeStart` arms faults that must meet the first subscribe.
 * `stopAllSimFeeds` ends them.
 */
export async function startSimFeed(
  category: BybitCategory,
  setup: {
    sim?: BybitSimOptions;
    symbols?: readonly string[];
    connector?: Partial<BybitConnectorOptions>;
    feed?: Partial<MarketFeedOptions>;
    /** Replaces what the connector says about in-stream snapshots (a shorter snapshot wait). */
    snapshotTimeoutMs?: number;
    beforeStart?: (sim: BybitSim) => void;
  } = {},
): Promise<SimFeed> {
  const sim = await BybitSim.start({
    category,
    seed: 7,
    autoTick: false,
    symbols: SYMBOLS.map((symbol) => ({ symbol, levelsPerSide: LEVELS })),
    ...setup.sim,
  });
  const tap = await WireTap.start(sim.wsUrl);
  const real = createBybitConnector({ category, wsUrl: tap.url, restUrl: sim.restUrl, depth: DEPTH, ...setup.connector });
  const connector: BybitConnector =
    setup.snapshotTimeoutMs === undefined ? real : { ...real, snapshots: { kind: 'stream', snapshotTimeoutMs: setup.snapshotTimeoutMs } };
  const { feed, events, book } = createTestFeed({ connector, symbols: setup.symbols ?? SYMBOLS, createBook: createChunkedBook, feed: setup.feed });
  const harness: SimFeed = {
    category,
    sim,
    tap,
    connector,
    feed,
    events,
    book,
    u: (symbol) => sim.updateId(`orderbook.${DEPTH}.${symbol}`),
  };
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

/** Every book of these symbols live at the simulator's current `u` of its topic (call with the market standing still). */
export async function caughtUp(h: SimFeed, symbols: readonly string[] = SYMBOLS): Promise<void> {
  await until(
    () => symbols.every((symbol) => h.book(symbol).state === 'live' && h.book(symbol).lastUpdateId === h.u(symbol)),
    `${symbols.join(', ')} live at the simulator's u`,
  );
}

/** A book as the checkpoint compares it: its `u` and both sides, best first, with the strings it holds. */
export function held(h: SimFeed, symbol: string): { symbol: string; u: number; bids: Level[]; asks: Level[] } {
  const view = h.book(symbol);
  return { symbol, u: view.lastUpdateId, bids: [...view.book.levels('bid')], asks: [...view.book.levels('ask')] };
}

/**
 * The checkpoint: with the market standing still, each book is live at the simulator's `u` and equals the true
 * book's window `sim.book(symbol, DEPTH)` level for level, with Bybit's exact strings.
 */
export async function expectExact(h: SimFeed, symbols: readonly string[] = SYMBOLS): Promise<void> {
  await caughtUp(h, symbols);
  for (const symbol of symbols) {
    const truth = h.sim.book(symbol, DEPTH);
    expect(truth.bids).toHaveLength(DEPTH);
    expect(held(h, symbol)).toEqual({ symbol, ...truth });
  }
}

export { resyncCount, tickUntil, until } from '@lob/connector-kit/testing';
