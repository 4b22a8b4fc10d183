import type { BookView, LimiterStats } from '@lob/core';

/** Connection counters of one market's feed. */
export interface ConnectionCounts {
  readonly total: number;
  readonly open: number;
  readonly frames: number;
  readonly malformed: number;
  readonly reconnects: number;
}

/**
 * What the views, the HTTP API and the metrics read from one market's feed. core's MarketFeed satisfies it;
 * tests pass a fake made of real books.
 */
export interface MarketSource {
  readonly exchange: string;
  /** The venue's name, e.g. "binance-spot", "okx". */
  readonly market: string;
  /** Whether the books' `lastUpdateId` is the venue's sequence; outputs leave it out where it is not. */
  readonly hasUpdateIds: boolean;
  /** Every book of the market, in configuration order. */
  books(): readonly BookView[];
  /** One book by the venue's spelling of its symbol, or undefined. */
  book(symbol: string): BookView | undefined;
  connections(): ConnectionCounts;
  /** The REST snapshot limiter; undefined where snapshots come in the stream. */
  readonly limiter: { readonly stats: Readonly<LimiterStats>; usedWeight(): number; drainEstimateMs(): number } | undefined;
}

/** Every book of every market, in configuration order. */
export function allBooks(sources: readonly MarketSource[]): BookView[] {
  return sources.flatMap((s) => [...s.books()]);
}

/** Finds a book by venue name and the venue's spelling of the symbol. */
export function findBook(sources: readonly MarketSource[], market: string, symbol: string): BookView | undefined {
  return sources.find((s) => s.market === market)?.book(symbol);
}

/** The source a book belongs to. */
export function sourceOf(sources: readonly MarketSource[], view: BookView): MarketSource | undefined {
  return sources.find((s) => s.market === view.market);
}

/** Total resyncs of a book over every reason. */
export function resyncCount(view: BookView): number {
  let n = 0;
  for (const count of Object.values(view.stats.resyncs)) n += count;
  return n;
}
