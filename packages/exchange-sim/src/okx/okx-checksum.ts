import { crc32 } from '../market/crc32.js';

/**
 * OKX's book checksum: CRC32 of `bid1Px:bid1Sz:ask1Px:ask1Sz:...` over the top 25 levels of each side,
 * interleaved (a side that runs out simply stops contributing), with the strings exactly as sent, read as a
 * signed 32-bit integer. Levels are best first.
 */
export function okxChecksum(bids: readonly (readonly [string, string])[], asks: readonly (readonly [string, string])[]): number {
  const parts: string[] = [];
  for (let i = 0; i < 25; i++) {
    const bid = bids[i];
    const ask = asks[i];
    if (bid) parts.push(bid[0], bid[1]);
    if (ask) parts.push(ask[0], ask[1]);
  }
  return crc32(parts.join(':')) | 0;
}
