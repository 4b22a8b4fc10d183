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
  readonly market: string;
  /** Every book of the market, in configuration order. */
  books(): readonly BookView[];
  /** One book by exchange symbol (any case), or undefined. */
  book(symbol: string): BookView | undefined;
  connections(): ConnectionCounts;
  /** The REST snapshot limiter; undefined where snapshots come in the stream. */
  readonly limiter: { readonly stats: Readonly<LimiterStats>; usedWeight(): number } | undefined;
}

/** Every book of every market, in configuration order. */
export function allBooks(sources: readonly MarketSource[]): BookView[] {
  return sources.flatMap((s) => [...s.books()]);
}

/** Finds a book by market and symbol (symbol in any case). */
export function findBook(sources: readonly MarketSource[], market: string, symbol: string): BookView | undefined {
  return sources.find((s) => s.market === market)?.book(symbol.toUpperCase());
}

/** Total resyncs of a book over every reason. */
export function resyncCount(view: BookView): number {
  let n = 0;
  for (const count of Object.values(view.stats.resyncs)) n += count;
  return n;
}
