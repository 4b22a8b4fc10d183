import { createChunkedBook } from '@lob/book-chunked';
import { MarketFeed, type BookView, type FeedEvent, type Level, type MarketFeedOptions } from '@lob/core';
import { createCoinbaseConnector, type CoinbaseConnector } from './coinbase-connector.js';
import type { CoinbaseConnectorOptions } from './connector-options.js';
import { FakeCoinbaseServer, type SubscribeHandler } from './coinbase-server.test-support.js';

/** A book's best bid and ask after one message (undefined on an empty side). */
export interface Observed {
  readonly symbol: string;
  readonly kind: 'snapshot' | 'update';
  readonly bid: Level | undefined;
  readonly ask: Level | undefined;
}

/** The real connector and core's MarketFeed against a loopback Coinbase stand-in. */
export interface CoinbaseFeedHarness {
  readonly server: FakeCoinbaseServer;
  readonly connector: CoinbaseConnector;
  readonly feed: MarketFeed;
  readonly events: FeedEvent[];
  /** After every snapshot taken and every update applied, in order. */
  readonly observed: Observed[];
  book(symbol: string): BookView;
}

const running: { feed: MarketFeed; connector: CoinbaseConnector; server: FakeCoinbaseServer }[] = [];

/** Starts a server, the real connector pointed at it, and a MarketFeed over chunked books; `stopAll` ends them. */
export async function startCoinbaseFeed(setup: {
  symbols: readonly string[];
  onSubscribe?: SubscribeHandler;
  /** Whether the server acknowledges the heartbeats subscription with a numbered heartbeat (default true). */
  answerHeartbeats?: boolean;
  connector?: CoinbaseConnectorOptions;
  feed?: Partial<MarketFeedOptions>;
}): Promise<CoinbaseFeedHarness> {
  const server = await FakeCoinbaseServer.start();
  if (setup.onSubscribe !== undefined) server.onSubscribe = setup.onSubscribe;
  server.answerHeartbeats = setup.answerHeartbeats ?? true;
  const connector = createCoinbaseConnector({ wsUrl: server.url, restUrl: 'http://127.0.0.1:9', ...setup.connector });
  const events: FeedEvent[] = [];
  const observed: Observed[] = [];
  const look = (view: BookView, kind: Observed['kind']) =>
    observed.push({ symbol: view.symbol, kind, bid: view.book.top('bid', 1)[0], ask: view.book.top('ask', 1)[0] });
  // The callbacks run only once the feed exists.
  const feed: MarketFeed = new MarketFeed({
    connector,
    symbols: setup.symbols,
    createBook: createChunkedBook,
    // Generous for a busy machine: these tests wait for states, and silence is not what they are about.
    silenceTimeoutMs: 60_000,
    reconnect: { baseMs: 10, maxMs: 50 },
    ...setup.feed,
    onEvent: (event) => {
      events.push(event);
      if (event.kind === 'snapshot' && event.outcome === 'fetched') look(feed.book(event.symbol)!, 'snapshot');
    },
    onUpdate: (view) => look(view, 'update'),
  });
  running.push({ feed, connector, server });
  feed.start();
  return { server, connector, feed, events, observed, book: (symbol) => feed.book(symbol)! };
}

/** Stops every feed, connector and server started by startCoinbaseFeed. */
export async function stopAll(): Promise<void> {
  for (const { feed, connector, server } of running.splice(0)) {
    feed.stop();
    await connector.close();
    await server.close();
  }
}

/** Resolves once `ready()` holds, polling; the ceiling only keeps a broken test from hanging on a loaded machine. */
export async function until(ready: () => boolean, what: string, ceilingMs = 20_000): Promise<void> {
  const deadline = Date.now() + ceilingMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`never reached: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Total resyncs of a book, any cause. */
export function resyncCount(view: BookView): number {
  return Object.values(view.stats.resyncs).reduce((sum, n) => sum + (n ?? 0), 0);
}
