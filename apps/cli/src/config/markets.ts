/** The Binance markets lob can serve. */
export const MARKETS = ['spot', 'usdm', 'coinm'] as const;
export type Market = (typeof MARKETS)[number];

/** The order book structures a user can pick. */
export const BOOK_KINDS = ['chunked', 'btree', 'rbtree'] as const;
export type BookKind = (typeof BOOK_KINDS)[number];

/** The book used unless told otherwise: the fastest on recorded traffic in `nx run bench:run` (apps/bench/README.md). */
export const DEFAULT_BOOK: BookKind = 'chunked';

/** Diff stream speeds Binance offers (spot: 100ms, 1000ms; futures: 100ms, 250ms, 500ms). */
export const SPEEDS: Readonly<Record<Market, readonly string[]>> = {
  spot: ['100ms', '1000ms'],
  usdm: ['100ms', '250ms', '500ms'],
  coinm: ['100ms', '250ms', '500ms'],
};

/** Symbols used when neither flags nor config name any. */
export const DEFAULT_SYMBOLS: Readonly<Record<Market, readonly string[]>> = {
  spot: ['BTCUSDT', 'ETHUSDT'],
  usdm: ['BTCUSDT', 'ETHUSDT'],
  coinm: ['BTCUSD_PERP', 'ETHUSD_PERP'],
};

/** Default snapshot depth requested from the exchange. */
export const DEFAULT_SNAPSHOT_LIMIT = 1000;

// Spot symbols never carry an underscore; USD-M delivery contracts end in _YYMMDD; every COIN-M symbol ends in
// _PERP or _YYMMDD. Checking this up front turns a typo into a config error instead of an endless 400 loop.
const SYMBOL_SHAPES: Readonly<Record<Market, RegExp>> = {
  spot: /^[A-Z0-9]{2,20}$/,
  usdm: /^[A-Z0-9]{2,20}(_[0-9]{6})?$/,
  coinm: /^[A-Z0-9]{2,20}_(PERP|[0-9]{6})$/,
};

const SYMBOL_EXAMPLES: Readonly<Record<Market, string>> = {
  spot: 'BTCUSDT',
  usdm: 'BTCUSDT or BTCUSDT_260626',
  coinm: 'BTCUSD_PERP or BTCUSD_260626',
};

/** Uppercases a symbol and checks its shape for the market; returns an error message instead when it is wrong. */
export function normalizeSymbol(market: Market, raw: string): { symbol: string } | { error: string } {
  const symbol = raw.trim().toUpperCase();
  if (SYMBOL_SHAPES[market].test(symbol)) return { symbol };
  return { error: `${JSON.stringify(raw)} is not a ${market} symbol (expected something like ${SYMBOL_EXAMPLES[market]})` };
}

/** Checks a snapshot depth against what the market's REST endpoint accepts; returns an error message or undefined. */
export function checkSnapshotLimit(market: Market, limit: number): string | undefined {
  if (market === 'spot') {
    return Number.isInteger(limit) && limit >= 1 && limit <= 5000 ? undefined : `spot snapshot limit must be an integer from 1 to 5000, got ${limit}`;
  }
  const allowed = [5, 10, 20, 50, 100, 500, 1000];
  return allowed.includes(limit) ? undefined : `${market} snapshot limit must be one of ${allowed.join(', ')}, got ${limit}`;
}

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
