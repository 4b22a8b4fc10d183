import { SnapshotError, type SymbolList } from '@lob/core';
import type { PairPrecision } from './checksum.js';
import { KRAKEN_SPOT } from './kraken-venue.js';
import { pairFromWire } from './pairs.js';
import { getOnce } from '@lob/connector-kit';
import { krakenApiError, statusError } from './rest-errors.js';

/** How the AssetPairs client reaches Kraken's REST API. */
export interface AssetPairsClientOptions {
  /** REST base URL: scheme, host and port (default https://api.kraken.com). */
  readonly baseUrl?: string;
  /** Header and body timeout (default 10 s). */
  readonly timeoutMs?: number;
}

/** The pairs Kraken trades now, in lob's spelling, and each one's precisions (what v2 checksums are written at). */
export interface KrakenAssetPairs extends SymbolList {
  readonly precisions: ReadonlyMap<string, PairPrecision>;
}

/** Fetches GET /0/public/AssetPairs; every failure, the `error` array included, is a typed SnapshotError. */
export async function fetchAssetPairs(options: AssetPairsClientOptions, signal: AbortSignal): Promise<KrakenAssetPairs> {
  const baseUrl = options.baseUrl ?? KRAKEN_SPOT.restUrl;
  const { status, headers, text } = await getOnce(baseUrl, KRAKEN_SPOT.assetPairsPath, signal, options.timeoutMs);
  if (status !== 200) throw statusError(status, headers['retry-after'], text, 'AssetPairs');
  return parseAssetPairs(text);
}

/**
 * Reads an AssetPairs body: the pairs whose `status` is `online`, named by `wsname` in lob's spelling (XBT/USD →
 * BTC/USD), and every listed pair's `pair_decimals` and `lot_decimals`. A pair missing any of them is skipped
 * rather than failing the list; a body that is not AssetPairs, or a non-empty `error`, throws SnapshotError.
 */
export function parseAssetPairs(text: string): KrakenAssetPairs {
  let body: { error?: unknown; result?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new SnapshotError('malformed-body', 'AssetPairs is not JSON');
  }
  if (typeof body !== 'object' || body === null || !Array.isArray(body.error)) throw new SnapshotError('malformed-body', 'AssetPairs has no "error" array');
  if (body.error.length > 0) throw krakenApiError(body.error.map(String), 'AssetPairs');
  if (typeof body.result !== 'object' || body.result === null || Array.isArray(body.result)) throw new SnapshotError('malformed-body', 'AssetPairs has no "result" object');
  const symbols: string[] = [];
  const precisions = new Map<string, PairPrecision>();
  for (const entry of Object.values(body.result as Record<string, unknown>)) {
    const { wsname, status, pair_decimals: priceDecimals, lot_decimals: lotDecimals } = (entry ?? {}) as Record<string, unknown>;
    if (typeof wsname !== 'string' || !isDecimals(priceDecimals) || !isDecimals(lotDecimals)) continue;
    const pair = pairFromWire(wsname, 'v1');
    // A pair in cancel_only, post_only or reduce_only still has a live book to checksum: precisions keep every pair.
    precisions.set(pair, { priceDecimals, lotDecimals });
    if (status === 'online') symbols.push(pair);
  }
  return { symbols, precisions };
}

function isDecimals(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 30;
}
