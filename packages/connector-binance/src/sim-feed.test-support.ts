import { createBTreeBook } from '@lob/book-btree';
import { createPackedBook } from '@lob/book-packed';
import { createRBTreeBook } from '@lob/book-rbtree';
import { BinanceSim, type BinanceSimOptions, type SimMarket } from '@lob/exchange-sim';
import { isCrossed, MarketFeed, type BookView, type FeedEvent, type MarketFeedOptions, type OrderBookFactory } from '@lob/core';
import { expect } from '@jest/globals';
import { createBinanceConnector, type BinanceConnector, type BinanceConnectorOptions } from './index.js';

/**
 * The book structures every integration test runs against: two that hold strings, and the packed book, which the
 * connector then feeds numbers only (spelledLevels), as lob does.
 */
export const BOOKS: readonly [string, OrderBookFactory][] = [
  ['btree', createBTreeBook],
  ['rbtree', createRBTreeBook],
  ['packed', createPackedBook],
];

/** A simulator, a connector pointed at it and a running feed, plus everything the feed reported. */
export interface SimFeed {
  readonly sim: BinanceSim;
  readonly connector: BinanceConnector;
  readonly feed: MarketFeed;
  readonly events: FeedEvent[];
  /** Applied events after which the book was crossed (must stay 0). */
  crossedAfterApply: number;
  close(): Promise<void>;
}

/** Starts a tick-driven simulator and a feed of the same symbols over one connection, with fast test timings. */
export async function startSimFeed(options: {
  market: SimMarket;
  /** Symbols the simulator serves. */
  symbols: string[];
  /** Symbols the feed asks for (default: `symbols`); any the simulator does not serve are unknown to it. */
  feedSymbols?: string[];
  createBook: OrderBookFactory;
  /** Initial depth of each true book; keep it within the snapshot limit so whole books can be compared. */
  levelsPerSide?: number;
  sim?: Partial<BinanceSimOptions>;
  connector?: Partial<BinanceConnectorOptions>;
  feed?: Partial<MarketFeedOptions>;
}): Promise<SimFeed> {
  const sim = await BinanceSim.start({
    market: options.market,
    symbols: options.symbols.map((symbol) => ({ symbol, levelsPerSide: options.levelsPerSide ?? 300 })),
    autoTick: false,
    seed: 7,
    ...options.sim,
  });
  const spelledLevels = options.createBook().applySpelled !== undefined;
  const connector = createBinanceConnector({ market: options.market, restUrl: sim.restUrl, wsUrl: sim.wsUrl, snapshotLimit: 1000, spelledLevels, ...options.connector });
  const events: FeedEvent[] = [];
  const state = { crossedAfterApply: 0 };
  const feed = new MarketFeed({
    connector,
    symbols: options.feedSymbols ?? options.symbols,
    createBook: options.createBook,
    onEvent: (e) => events.push(e),
    onUpdate: (view) => {
      if (isCrossed(view.book)) state.crossedAfterApply++;
    },
    silenceTimeoutMs: 1_000,
    reconnect: { baseMs: 20, maxMs: 200 },
    snapshotRetry: { baseMs: 20, maxMs: 200 },
    ...options.feed,
  });
  feed.start();
  return {
    sim,
    connector,
    feed,
    events,
    get crossedAfterApply() {
      return state.crossedAfterApply;
    },
    async close() {
      feed.stop();
      await connector.close();
      await sim.close();
    },
  };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The books of symbols the simulator serves: those have a truth to converge to. */
function servedBooks(s: SimFeed): BookView[] {
  const served = new Set(s.sim.symbols());
  return s.feed.books().filter((v) => served.has(v.symbol));
}

/** True when every served book is live at the simulator's last update id. */
function converged(s: SimFeed): boolean {
  return servedBooks(s).every((v) => v.state === 'live' && v.lastUpdateId === s.sim.lastUpdateId(v.symbol));
}

/**
 * Ticks the simulator slowly until every served book is live at the simulator's id (a feed only asks for a snapshot
 * once it has seen an event, so a quiet exchange would never converge), then checks every level.
 */
export async function expectConverged(s: SimFeed, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await pause(20);
  while (!converged(s)) {
    if (Date.now() > deadline) {
      const states = servedBooks(s).map((v) => `${v.symbol}: ${v.state} (${v.reason}) at ${v.lastUpdateId}, sim at ${s.sim.lastUpdateId(v.symbol)}`);
      const recent = s.events.slice(-12).map((e) => JSON.stringify(e));
      throw new Error(
        `books did not converge within ${timeoutMs} ms:\n${states.join('\n')}\nlimiter: ${JSON.stringify(s.feed.limiter!.stats)}\nlast events:\n${recent.join('\n')}`,
      );
    }
    s.sim.tick(1);
    await pause(30);
    // Let in-flight frames land before judging.
    for (let i = 0; i < 5 && !converged(s); i++) await pause(10);
  }
  expectBooksEqualTruth(s);
}

/** Waits, without ticking, until every book is live (a large feed's snapshots take a while to come through). */
export async function waitUntilLive(s: SimFeed, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!s.feed.books().every((v) => v.state === 'live')) {
    if (Date.now() > deadline) throw new Error(`not every book went live within ${timeoutMs} ms`);
    await pause(100);
  }
}

/** Every served local book equals the simulator's true book level for level, with the exchange's exact strings. */
export function expectBooksEqualTruth(s: SimFeed): void {
  for (const view of servedBooks(s)) {
    const truth = s.sim.book(view.symbol);
    const local = { symbol: view.symbol, lastUpdateId: view.lastUpdateId, bids: [...view.book.levels('bid')], asks: [...view.book.levels('ask')] };
    expect(local).toEqual({ symbol: view.symbol, lastUpdateId: truth.lastUpdateId, bids: truth.bids, asks: truth.asks });
  }
}

/** Why books left `live`, in order: what a test expects to be empty when it injected nothing. */
export function resyncReasons(s: SimFeed): string[] {
  return s.events.filter((e) => e.kind === 'book' && e.previous === 'live' && e.state !== 'stopped').map((e) => (e.kind === 'book' ? `${e.symbol}: ${e.reason}` : ''));
}

/** How many snapshots each symbol fetched so far, as the simulator counted them. */
export function snapshotCounts(s: SimFeed): Record<string, number> {
  return { ...s.sim.stats().snapshotRequestsBySymbol };
}
