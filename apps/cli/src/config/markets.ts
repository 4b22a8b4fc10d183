import { VENUES } from '../venues/registry.js';
import type { VenueName } from '../venues/venue.js';

// Each venue's rules (symbol spellings, snapshot limits, speeds, channels, depths, endpoints) live in its registry
// entry (src/venues/); what is here is what only the command line has: book kinds, the Rust builder's config
// compatibility, and bounds over every venue.
export { checkEndpointUrl } from '@lob/connector-binance';

/** A venue's name as settings carry it. */
export type Market = VenueName;

/** The order book structures a user can pick. */
export const BOOK_KINDS = ['chunked', 'btree', 'rbtree', 'packed'] as const;
export type BookKind = (typeof BOOK_KINDS)[number];

/** Most worker threads `--workers` takes: more than the cores of any machine lob is meant for only adds copies. */
export const MAX_WORKERS = 64;

/** The largest snapshot depth any venue accepts (what a flag or key can be before the per-venue check). */
export const MAX_SNAPSHOT_LIMIT = Math.max(...VENUES.map((v) => v.options.restSnapshots?.maxLimit ?? 0));

/** Every OKX-style channel name any venue offers, for the `--channel` choices. */
export const CHANNELS: readonly string[] = [...new Set(VENUES.flatMap((v) => v.options.channels?.values ?? []))];

/** Every book depth any venue subscribes to, for `--book-depth`. */
export const BOOK_DEPTHS: readonly number[] = [...new Set(VENUES.flatMap((v) => v.options.bookDepths?.values ?? []))].sort((a, b) => a - b);

/**
 * Guesses the venue from an endpoint's host, so a config written for the original Rust builder that points at
 * the futures hosts keeps meaning futures without a `market` key; a Bybit WebSocket's path names its category.
 */
export function marketFromEndpoint(url: string | undefined): Market | undefined {
  if (url === undefined) return undefined;
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined;
  }
  if (/^(fapi|fstream)\b/.test(host)) return 'binance-usdm';
  if (/^(dapi|dstream)\b/.test(host)) return 'binance-coinm';
  // Bybit's public WebSocket names its category in the path: wss://stream.bybit.com/v5/public/linear.
  const category = /\/v5\/public\/(spot|linear|inverse)\/?$/.exec(new URL(url).pathname)?.[1];
  if (category !== undefined) return `bybit-${category}` as Market;
  return undefined;
}
