import { crc32Signed, type Level, type OrderBook } from '@lob/core';

/** How many levels per side OKX's checksum covers. */
export const CHECKSUM_DEPTH = 25;

/**
 * The string OKX's checksum is taken over: `bid1Px:bid1Sz:ask1Px:ask1Sz:bid2Px:...` for the top 25 of each side,
 * best first, interleaved; once one side runs out the other continues alone. The strings are used exactly as sent.
 */
export function checksumInput(bids: readonly Level[], asks: readonly Level[]): string {
  const parts: string[] = [];
  const depth = Math.min(CHECKSUM_DEPTH, Math.max(bids.length, asks.length));
  for (let i = 0; i < depth; i++) {
    const bid = bids[i];
    const ask = asks[i];
    if (bid !== undefined) parts.push(bid[0], bid[1]);
    if (ask !== undefined) parts.push(ask[0], ask[1]);
  }
  return parts.join(':');
}

/** OKX's checksum of the given top levels (bids best first, asks best first). */
export function okxChecksumOfLevels(bids: readonly Level[], asks: readonly Level[]): number {
  return crc32Signed(checksumInput(bids, asks));
}

/** OKX's checksum of a held book: what a correct book must match after each message. */
export function okxChecksum(book: OrderBook): number {
  return okxChecksumOfLevels(book.top('bid', CHECKSUM_DEPTH), book.top('ask', CHECKSUM_DEPTH));
}
