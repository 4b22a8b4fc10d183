import { crc32 } from 'node:zlib';
import { createChunkedBook } from '@lob/book-chunked';
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
  const events: FeedEvent[] = [];
  const observed: Observed[] = [];
  const look = (view: BookView, kind: Observed['kind']) =>
    observed.push({ symbol: view.symbol, kind, checksum: view.checksum, bookChecksum: bookChecksum(view.book) });
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

/** Stops every feed, connector and server started by startOkxFeed. */
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

/** Total resyncs of a book, any cause. */
export function resyncCount(view: BookView): number {
  return Object.values(view.stats.resyncs).reduce((sum, n) => sum + (n ?? 0), 0);
}
