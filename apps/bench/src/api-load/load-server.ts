import { createChunkedBook } from '@lob/book-chunked';
import { BookChanges, DEFAULT_LOAD_SHEDDING, createHttpApp, createMetrics, listenHttp, type Metrics } from '@lob/cli';
import { createBinanceConnector } from '@lob/connector-binance';
import { MarketFeed } from '@lob/core';

/** lob's feed and HTTP API over the simulator, as `lob serve --http` wires them, in this process. */
export interface LoadServer {
  readonly url: string;
  readonly feed: MarketFeed;
  close(): Promise<void>;
}

/**
 * Starts the feed and the API on 127.0.0.1:0 the way `lob serve` does (the same feed hooks: metrics, diff stream),
 * with the per-client rate limit lifted: the load comes from one address, and the figures are to be of served
 * answers, not of 429s. `onApplied` hears each applied update's lag (this machine's clock − the event's time, ms).
 */
export async function startLoadServer(sim: { restUrl: string; wsUrl: string; symbols: readonly string[] }, onApplied: (lagMs: number) => void): Promise<LoadServer> {
  // 100 levels per snapshot: weight 5 each on spot, so 200 books bridge within one weight minute.
  const connector = createBinanceConnector({ market: 'spot', venue: 'binance-spot', restUrl: sim.restUrl, wsUrl: sim.wsUrl, snapshotLimit: 100 });
  const changes = new BookChanges();
  let metrics: Metrics | undefined;
  const feed = new MarketFeed({
    connector,
    symbols: sim.symbols,
    createBook: createChunkedBook,
    onEvent: (event) => changes.onEvent(event),
    onUpdate: (view, update) => {
      onApplied(Date.now() - update.eventTime);
      metrics?.observeUpdate(view, update);
      changes.onUpdate(view, update);
    },
  });
  metrics = createMetrics([feed]);
  // As `lob serve --http` runs it, load shedding included; only the per-client rate limit is lifted (one load
  // generator is one client).
  const app = await createHttpApp({ sources: [feed], registry: metrics.registry, changes, limits: { rateMax: 1_000_000_000 }, loadShedding: DEFAULT_LOAD_SHEDDING });
  const url = await listenHttp(app, { host: '127.0.0.1', port: 0 });
  feed.start();
  return {
    url,
    feed,
    close: async () => {
      feed.stop();
      await Promise.allSettled([app.close(), connector.close()]);
    },
  };
}

/** Resolves once every book is live (checked every 50 ms), rejects after `timeoutMs`. */
export async function allLive(feed: MarketFeed, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const books = feed.books();
    if (books.every((b) => b.state === 'live')) return;
    if (Date.now() > deadline) {
      const late = books.filter((b) => b.state !== 'live').length;
      throw new Error(`api-load: ${late} of ${books.length} books still not live after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
