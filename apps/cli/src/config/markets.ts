import { BINANCE_MARKETS, BINANCE_MARKET_NAMES, type BinanceMarket } from '@lob/connector-binance';

// Binance's market rules (symbol shapes, speeds, snapshot limits, defaults, URL checks) live in the connector's
// BinanceMarketSpec; what is here is derived from it, plus what only the command line has (book kinds, the Rust
// builder's config compatibility).
export { checkEndpointUrl, checkSnapshotLimit, checkSymbol } from '@lob/connector-binance';

/** The Binance markets lob can serve. */
export const MARKETS = BINANCE_MARKET_NAMES;
export type Market = BinanceMarket;

/** The order book structures a user can pick. */
export const BOOK_KINDS = ['chunked', 'btree', 'rbtree'] as const;
export type BookKind = (typeof BOOK_KINDS)[number];

/** The book used unless told otherwise: the fastest on recorded traffic in `nx run bench:run` (apps/bench/README.md). */
export const DEFAULT_BOOK: BookKind = 'chunked';

const perMarket = <T>(read: (market: Market) => T): Readonly<Record<Market, T>> =>
  Object.fromEntries(MARKETS.map((market) => [market, read(market)])) as Record<Market, T>;

/** Diff stream speeds each market offers, e.g. spot 100ms and 1000ms. */
export const SPEEDS: Readonly<Record<Market, readonly string[]>> = perMarket((market) => Object.keys(BINANCE_MARKETS[market].speeds));

/** Symbols used when neither flags nor config name any. */
export const DEFAULT_SYMBOLS: Readonly<Record<Market, readonly string[]>> = perMarket((market) => BINANCE_MARKETS[market].defaultSymbols);

/** Snapshot depth requested unless configured. */
export const DEFAULT_SNAPSHOT_LIMIT: Readonly<Record<Market, number>> = perMarket((market) => BINANCE_MARKETS[market].defaultSnapshotLimit);

/** The largest snapshot depth any market accepts (what a flag or key can be before the per-market check). */
export const MAX_SNAPSHOT_LIMIT = Math.max(...MARKETS.map((market) => BINANCE_MARKETS[market].maxLimit));

/**
 * Guesses the market from an endpoint's host, so a config written for the original Rust builder that points at
 * the futures hosts keeps meaning futures without a `market` key.
 */
export function marketFromEndpoint(url: string | undefined): Market | undefined {
  if (url === undefined) return undefined;
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined;
  }
  if (/^(fapi|fstream)\b/.test(host)) return 'usdm';
  if (/^(dapi|dstream)\b/.test(host)) return 'coinm';
  return undefined;
}
