import { createChunkedBook } from '@lob/book-chunked';
import { MarketFeed, type BookView, type FeedEvent, type MarketFeedOptions } from '@lob/core';
import type { KrakenConnector } from './kraken-connector.js';

/** What a feed under test has shown, per symbol. */
export interface Observed {
  /** BookView.checksum after every applied update, in order. */
  readonly checksums: number[];
  /** The most levels a side held after any applied update. */
  maxLevels: number;
}

/**
 * Runs core's MarketFeed over a Kraken connector and records, synchronously on every applied update, what the book
 * showed. `until` waits for a state (checked after every update and every feed event), never for a time.
 */
export class FeedHarness {
  readonly feed: MarketFeed;
  readonly events: FeedEvent[] = [];
  readonly observed = new Map<string, Observed>();
  private waiters: { check: () => boolean; resolve: () => void }[] = [];

  /** `options`: further MarketFeed options (a short silence timeout, a fast reconnect) for the test at hand. */
  constructor(readonly connector: KrakenConnector, symbols: readonly string[], options: Partial<MarketFeedOptions> = {}) {
    this.feed = new MarketFeed({
      ...options,
      connector,
      symbols,
      createBook: createChunkedBook,
      onUpdate: (view, _update) => this.onUpdate(view),
      onEvent: (event) => {
        this.events.push(event);
        this.settle();
      },
    });
  }

  /** Starts the feed. */
  start(): this {
    this.feed.start();
    return this;
  }

  /** One symbol's view (throws when the feed does not carry it). */
  view(symbol: string): BookView {
    const view = this.feed.book(symbol);
    if (view === undefined) throw new Error(`no book for ${symbol}`);
    return view;
  }

  /** Resolves once `check` holds; checked now and after every update and event. */
  until(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ check, resolve }));
  }

  /** The book events of one symbol as `state (cause)` strings, in order. */
  states(symbol: string): string[] {
    return this.events.flatMap((e) => (e.kind === 'book' && e.symbol === symbol ? [`${e.state}${'cause' in e && e.cause !== undefined ? ` (${e.cause})` : ''}`] : []));
  }

  /** Stops the feed and closes the connector. */
  async stop(): Promise<void> {
    this.feed.stop();
    await this.connector.close();
  }

  private onUpdate(view: BookView): void {
    const seen = this.observed.get(view.symbol) ?? { checksums: [], maxLevels: 0 };
    this.observed.set(view.symbol, seen);
    if (view.checksum !== undefined) seen.checksums.push(view.checksum);
    seen.maxLevels = Math.max(seen.maxLevels, view.book.size('bid'), view.book.size('ask'));
    this.settle();
  }

  private settle(): void {
    if (this.waiters.length === 0) return;
    const still = [];
    for (const waiter of this.waiters) {
      if (waiter.check()) waiter.resolve();
      else still.push(waiter);
    }
    this.waiters = still;
  }
}
