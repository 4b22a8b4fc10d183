import { createChunkedBook } from '@lob/book-chunked';
import { createTestFeed, until as pollUntil } from '@lob/connector-kit/testing';
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
  const observed: Observed[] = [];
  const { feed, events, book } = createTestFeed({
    connector,
    symbols: setup.symbols,
    createBook: createChunkedBook,
    feed: setup.feed,
    observe: (view, kind) => observed.push({ symbol: view.symbol, kind, id: view.lastUpdateId, bestBid: view.book.best('bid')?.[0], bestAsk: view.book.best('ask')?.[0] }),
  });
  running.push({ feed, connector, server });
  feed.start();
  return { server, connector, feed, events, observed, book };
}

/** Stops every feed, connector and server started by startBybitFeed. */
export async function stopAll(): Promise<void> {
  for (const { feed, connector, server } of running.splice(0)) {
    feed.stop();
    await connector.close();
    await server.close();
  }
}

/** Resolves once `ready()` holds, polling (a 20 s ceiling here). */
export function until(ready: () => boolean, what: string, ceilingMs = 20_000): Promise<void> {
  return pollUntil(ready, what, ceilingMs);
}

export { resyncCount } from '@lob/connector-kit/testing';
