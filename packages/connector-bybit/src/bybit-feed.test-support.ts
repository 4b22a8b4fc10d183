import { createChunkedBook } from '@lob/book-chunked';
import { MarketFeed, type BookView, type FeedEvent, type MarketFeedOptions } from '@lob/core';
import { createBybitConnector, type BybitConnector, type BybitConnectorOptions } from './bybit-connector.js';
import { FakeBybitServer, type SubscribeHandler } from './bybit-server.test-support.js';

/** What one book showed after a message: its id and best levels. */
export interface Observed {
  readonly symbol: string;
  readonly kind: 'snapshot' | 'update';
  readonly id: number;
  readonly bestBid: string | undefined;
  readonly bestAsk: string | undefined;
}

/** The real connector and core's MarketFeed against a loopback Bybit stand-in. */
export interface BybitFeedHarness {
  readonly server: FakeBybitServer;
  readonly connector: BybitConnector;
  readonly feed: MarketFeed;
  readonly events: FeedEvent[];
  /** After every snapshot taken and every update applied, in order. */
  readonly observed: Observed[];
  book(symbol: string): BookView;
}

const running: { feed: MarketFeed; connector: BybitConnector; server: FakeBybitServer }[] = [];

/** Starts a server, the real connector pointed at it, and a MarketFeed over chunked books; `stopAll` ends them. */
export async function startBybitFeed(setup: {
  symbols: readonly string[];
  onSubscribe?: SubscribeHandler;
  connector?: Partial<BybitConnectorOptions>;
  feed?: Partial<MarketFeedOptions>;
  server?: (server: FakeBybitServer) => void;
}): Promise<BybitFeedHarness> {
  const server = await FakeBybitServer.start();
  if (setup.onSubscribe !== undefined) server.onSubscribe = setup.onSubscribe;
  setup.server?.(server);
  const connector = createBybitConnector({ category: 'linear', wsUrl: server.url, restUrl: 'http://127.0.0.1:9', ...setup.connector });
  const events: FeedEvent[] = [];
  const observed: Observed[] = [];
  const look = (view: BookView, kind: Observed['kind']) =>
    observed.push({ symbol: view.symbol, kind, id: view.lastUpdateId, bestBid: view.book.best('bid')?.[0], bestAsk: view.book.best('ask')?.[0] });
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

/** Stops every feed, connector and server started by startBybitFeed. */
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
