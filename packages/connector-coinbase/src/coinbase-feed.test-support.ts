import { createChunkedBook } from '@lob/book-chunked';
import { createTestFeed, until as pollUntil } from '@lob/connector-kit/testing';
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
  const observed: Observed[] = [];
  const { feed, events, book } = createTestFeed({
    connector,
    symbols: setup.symbols,
    createBook: createChunkedBook,
    feed: setup.feed,
    observe: (view, kind) => observed.push({ symbol: view.symbol, kind, bid: view.book.top('bid', 1)[0], ask: view.book.top('ask', 1)[0] }),
  });
  running.push({ feed, connector, server });
  feed.start();
  return { server, connector, feed, events, observed, book };
}

/** Stops every feed, connector and server started by startCoinbaseFeed. */
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
