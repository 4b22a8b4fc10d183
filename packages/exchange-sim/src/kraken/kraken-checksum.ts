import { crc32 } from '../market/crc32.js';

/** A price or volume as the checksum reads it: written at the pair's precision, "." removed, leading zeros stripped. */
function digits(text: string): string {
  return text.replace('.', '').replace(/^0+/, '');
}

/**
 * Kraken's book checksum (v1 and v2): CRC32, unsigned, of the top 10 asks (ascending) then the top 10 bids
 * (descending), each price then volume. Levels are `[price, volume]` written at the pair's precision
 * (pair_decimals, lot_decimals): v1 sends them so, v2's numbers are formatted so first.
 */
export function krakenChecksum(asks: readonly (readonly [string, string])[], bids: readonly (readonly [string, string])[]): number {
  let text = '';
  for (const [price, volume] of asks.slice(0, 10)) text += digits(price) + digits(volume);
  for (const [price, volume] of bids.slice(0, 10)) text += digits(price) + digits(volume);
  return crc32(text);
}
