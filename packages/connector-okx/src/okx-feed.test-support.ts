import { crc32 } from 'node:zlib';
import { createChunkedBook } from '@lob/book-chunked';
import { createTestFeed, until as pollUntil } from '@lob/connector-kit/testing';
import { MarketFeed, type BookView, type FeedEvent, type MarketFeedOptions, type OrderBook } from '@lob/core';
import { createOkxConnector, type OkxConnector, type OkxConnectorOptions } from './okx-connector.js';
import { FakeOkxServer, type SubscribeHandler } from './okx-server.test-support.js';

/** What one book showed after a message: the checksum it says it matched, and the one its levels give. */
export interface Observed {
  readonly symbol: string;
  readonly kind: 'snapshot' | 'update';
  readonly checksum: number | undefined;
  readonly bookChecksum: number;
}

/** The real connector and core's MarketFeed against a loopback OKX stand-in. */
export interface OkxFeedHarness {
  readonly server: FakeOkxServer;
  readonly connector: OkxConnector;
  readonly feed: MarketFeed;
  readonly events: FeedEvent[];
  /** After every snapshot taken and every update applied, in order. */
  readonly observed: Observed[];
  book(symbol: string): BookView;
}

const running: { feed: MarketFeed; connector: OkxConnector; server: FakeOkxServer }[] = [];

/** Starts a server, the real connector pointed at it, and a MarketFeed over chunked books; `stopAll` ends them. */
export async function startOkxFeed(setup: {
  symbols: readonly string[];
  onSubscribe?: SubscribeHandler;
  connector?: OkxConnectorOptions;
  feed?: Partial<MarketFeedOptions>;
}): Promise<OkxFeedHarness> {
  const server = await FakeOkxServer.start();
  if (setup.onSubscribe !== undefined) server.onSubscribe = setup.onSubscribe;
  const connector = createOkxConnector({ wsUrl: server.url, restUrl: 'http://127.0.0.1:9', ...setup.connector });
  const observed: Observed[] = [];
  const { feed, events, book } = createTestFeed({
    connector,
    symbols: setup.symbols,
    createBook: createChunkedBook,
    feed: setup.feed,
    observe: (view, kind) => observed.push({ symbol: view.symbol, kind, checksum: view.checksum, bookChecksum: bookChecksum(view.book) }),
  });
  running.push({ feed, connector, server });
  feed.start();
  return { server, connector, feed, events, observed, book };
}

/** Stops every feed, connector and server started by startOkxFeed. */
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

/** OKX's checksum of a held book, computed on the test side (node's CRC32), independent of the connector's. */
export function bookChecksum(book: OrderBook): number {
  const bids = book.top('bid', 25);
  const asks = book.top('ask', 25);
  const parts: string[] = [];
  for (let i = 0; i < Math.max(bids.length, asks.length); i++) {
    if (bids[i] !== undefined) parts.push(bids[i]![0], bids[i]![1]);
    if (asks[i] !== undefined) parts.push(asks[i]![0], asks[i]![1]);
  }
  return crc32(parts.join(':')) | 0;
}

export { resyncCount } from '@lob/connector-kit/testing';
