import { crc32, type Level, type OrderBook } from '@lob/core';
import { withFractionDigits } from './decimal-text.js';

/** Levels per side Kraken's checksum covers, whatever the subscribed depth. */
export const CHECKSUM_LEVELS = 10;

/** A pair's precisions from REST AssetPairs: `pair_decimals` (price) and `lot_decimals` (volume). */
export interface PairPrecision {
  readonly priceDecimals: number;
  readonly lotDecimals: number;
}

/**
 * Kraken's checksum of a book's top (v1 rule): CRC32 of the 10 best asks (ascending) then the 10 best bids
 * (descending), each level as price then volume with the `.` removed and leading zeros stripped.
 */
export function bookChecksum(asks: readonly Level[], bids: readonly Level[]): number {
  let text = '';
  for (const level of asks.slice(0, CHECKSUM_LEVELS)) text += checksumField(level[0]) + checksumField(level[1]);
  for (const level of bids.slice(0, CHECKSUM_LEVELS)) text += checksumField(level[0]) + checksumField(level[1]);
  return crc32(text);
}

/**
 * The checksum of an OrderBook's top: `precision` is needed for books built from v2, whose numbers drop trailing
 * zeros ("0.001" where the checksum wants "0.00100000"); v1 strings are already written at the pair's precision.
 */
export function orderBookChecksum(book: OrderBook, precision?: PairPrecision): number {
  const asks = book.top('ask', CHECKSUM_LEVELS);
  const bids = book.top('bid', CHECKSUM_LEVELS);
  return precision === undefined ? bookChecksum(asks, bids) : bookChecksum(atPrecision(asks, precision), atPrecision(bids, precision));
}

/**
 * Rewrites levels at the pair's precisions, as Kraken writes them for the checksum. Throws RangeError when a
 * level has more digits than the precision allows: the precisions are stale, and a silent rounding would only
 * turn that into a checksum mismatch that looks like a lost message.
 */
export function atPrecision(levels: readonly Level[], precision: PairPrecision): Level[] {
  return levels.map(([price, qty]) => {
    const p = withFractionDigits(price, precision.priceDecimals);
    const q = withFractionDigits(qty, precision.lotDecimals);
    if (p === undefined || q === undefined) throw new RangeError(`level [${price}, ${qty}] has more digits than precision ${precision.priceDecimals}/${precision.lotDecimals}`);
    return [p, q] as const;
  });
}

/** One price or volume as it enters the checksum: "0.00100000" → "100000", "45285.2" → "452852". */
export function checksumField(decimal: string): string {
  return decimal.replace('.', '').replace(/^0+/, '');
}
