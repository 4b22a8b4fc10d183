import type { BookView, SnapshotGate } from '@lob/core';
import type { ConnectionCounts, MarketSource } from '../feeds/market-source.js';
import { ConnectionTotals } from '../feeds/connection-totals.js';
import type { MarketSettings } from '../config/settings.js';
import { createChunkedBook } from '@lob/book-chunked';
import type { OrderBook } from '@lob/core';
import { BOOK_FACTORIES } from '../serve/market-feeds.js';
import { ReplicaView } from './replica-view.js';

/**
 * The main thread's copy of a worker's book: the structure the user chose, except a book of numbers, which a copy fed
 * the diffs' strings would only turn back into numbers to spell again on every read; a copy of it is a chunked book.
 */
function replicaBook(settings: MarketSettings): OrderBook {
  const book = BOOK_FACTORIES[settings.book]();
  return book.applySpelled === undefined ? book : createChunkedBook();
}

const NO_CONNECTIONS: ConnectionCounts = { total: 0, open: 0, frames: 0, malformed: 0, reconnects: 0 };

/**
 * One venue on the main thread when its books are kept by worker threads: every symbol's ReplicaView in
 * configuration order, the connection counts the workers last reported, and the venue's one snapshot limiter.
 */
export class WorkerBookSource implements MarketSource {
  readonly exchange: string;
  readonly market: string;
  private readonly views = new Map<string, ReplicaView>();
  private readonly counts = new Map<number, ConnectionCounts>();
  /** Frames, malformed frames and reconnects of workers' earlier threads, so the totals never go back. */
  private readonly totals = new ConnectionTotals();

  constructor(
    settings: MarketSettings,
    readonly hasUpdateIds: boolean,
    readonly limiter: SnapshotGate | undefined,
    normalize: (symbol: string) => string = (s) => s,
  ) {
    this.exchange = settings.exchange;
    this.market = settings.market;
    // Keyed as the worker's feed keys its books (the connector's spelling), so its events find them.
    for (const raw of settings.symbols) {
      const symbol = normalize(raw);
      if (!this.views.has(symbol)) this.views.set(symbol, new ReplicaView(settings.market, symbol, replicaBook(settings)));
    }
  }

  books(): readonly BookView[] {
    return [...this.views.values()];
  }

  book(symbol: string): BookView | undefined {
    return this.views.get(symbol) ?? this.views.get(symbol.toUpperCase());
  }

  /** The replica of one symbol, for the worker that keeps it. */
  view(symbol: string): ReplicaView | undefined {
    return this.views.get(symbol);
  }

  /** Sums of what each worker last reported. */
  connections(): ConnectionCounts {
    return this.totals.sum(this.counts.values());
  }

  /** A worker's connection counts for this venue; undefined: the worker died (its totals are kept, nothing is open). */
  setConnections(worker: number, counts: ConnectionCounts | undefined): void {
    if (counts !== undefined) return void this.counts.set(worker, counts);
    const last = this.counts.get(worker);
    if (last === undefined) return;
    this.totals.retire(last);
    // Its connections stay configured (its successor opens them again), none open now.
    this.counts.set(worker, { ...NO_CONNECTIONS, total: last.total });
  }
}
