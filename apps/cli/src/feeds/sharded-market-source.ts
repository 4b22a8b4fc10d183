import type { BookView, BufferBudget, ConnectionPacer, MarketFeed, SnapshotGate } from '@lob/core';
import type { ConnectionCounts, MarketSource } from './market-source.js';
import { ConnectionTotals } from './connection-totals.js';
import { HeldBookView } from './held-book-view.js';

/** What the feeds of one venue share, so that many feeds still keep to the venue's limits as one would. */
export interface SharedFeedParts {
  readonly limiter: SnapshotGate | undefined;
  readonly connectionPacer: ConnectionPacer;
  readonly bufferBudget: BufferBudget;
}

/** Builds a feed for some of the venue's symbols; `shared` absent: a feed of its own (its parts are then shared). */
export type FeedFactory = (symbols: readonly string[], shared: SharedFeedParts | undefined) => MarketFeed;

/**
 * One venue whose symbols come and go (`--shard auto`): a MarketFeed per batch of symbols acquired, all sharing the
 * venue's snapshot limiter, connection pacer and buffer budget. Releasing symbols stops the feed holding them and
 * restarts the rest of that feed's symbols in a new one (core's MarketFeed has a fixed symbol set); their books, as
 * handed out, follow them there. The views, the HTTP API and the metrics see only the symbols held.
 */
export class ShardedMarketSource implements MarketSource {
  readonly exchange: string;
  readonly market: string;
  readonly hasUpdateIds: boolean;
  readonly limiter: SnapshotGate | undefined;
  private readonly shared: SharedFeedParts;
  private readonly feeds = new Map<MarketFeed, readonly string[]>();
  /** The book of each symbol held, as handed out: it outlives the feed that keeps it (see HeldBookView). */
  private readonly held = new Map<string, HeldBookView>();
  private readonly order: ReadonlyMap<string, number>;
  /** Counters of the feeds stopped so far, so the totals never go down. */
  private readonly totals = new ConnectionTotals();
  private started = false;

  /** `configured`: every symbol of the venue, in configuration order (the order books are listed in). */
  constructor(
    configured: readonly string[],
    private readonly createFeed: FeedFactory,
  ) {
    // A feed with no symbols opens no connection; it makes the venue's limiter, pacer and budget once.
    const anchor = createFeed([], undefined);
    this.exchange = anchor.exchange;
    this.market = anchor.market;
    this.hasUpdateIds = anchor.hasUpdateIds;
    this.limiter = anchor.limiter;
    this.shared = { limiter: anchor.limiter, connectionPacer: anchor.connectionPacer, bufferBudget: anchor.bufferBudget };
    this.order = new Map(configured.map((s, i) => [s, i]));
  }

  /** Forces one held symbol to resync, as MarketFeed.resync does. */
  resync(symbol: string, reason: string): void {
    for (const [feed, symbols] of this.feeds) if (symbols.includes(symbol)) feed.resync(symbol, reason);
  }

  /** The symbols held now, in configuration order. */
  symbols(): string[] {
    return this.sorted([...this.feeds.values()].flat());
  }

  /** Starts books for symbols not held yet (one new feed for them all). */
  add(symbols: readonly string[]): void {
    const held = new Set(this.symbols());
    const fresh = this.sorted(symbols.filter((s) => !held.has(s)));
    if (fresh.length > 0) this.startFeed(fresh);
  }

  /** Stops the books of these symbols: each feed holding one stops, and its other symbols restart in a new feed. */
  remove(symbols: readonly string[]): void {
    const gone = new Set(symbols);
    for (const [feed, held] of [...this.feeds]) {
      if (!held.some((s) => gone.has(s))) continue;
      this.stopFeed(feed);
      const rest = held.filter((s) => !gone.has(s));
      if (rest.length > 0) this.startFeed(rest);
    }
    for (const symbol of gone) this.held.delete(symbol);
  }

  start(): void {
    this.started = true;
    for (const feed of this.feeds.keys()) feed.start();
  }

  stop(): void {
    this.started = false;
    for (const feed of this.feeds.keys()) feed.stop();
  }

  books(): readonly BookView[] {
    return this.symbols().flatMap((symbol) => this.held.get(symbol) ?? []);
  }

  book(symbol: string): BookView | undefined {
    return this.held.get(symbol);
  }

  connections(): ConnectionCounts {
    return this.totals.sum(Array.from(this.feeds.keys(), (feed) => feed.connections()));
  }

  private startFeed(symbols: readonly string[]): void {
    const feed = this.createFeed(symbols, this.shared);
    this.feeds.set(feed, symbols);
    for (const symbol of symbols) {
      const view = feed.book(symbol);
      if (view === undefined) continue;
      const held = this.held.get(symbol);
      if (held === undefined) this.held.set(symbol, new HeldBookView(view));
      else held.follow(view);
    }
    if (this.started) feed.start();
  }

  private stopFeed(feed: MarketFeed): void {
    feed.stop();
    this.totals.retire(feed.connections());
    this.feeds.delete(feed);
  }

  private sorted(symbols: readonly string[]): string[] {
    return [...symbols].sort((a, b) => (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0));
  }
}
