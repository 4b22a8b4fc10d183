import type { DepthUpdate, OrderBook, SequencingRules, StreamSnapshot } from '@lob/core';
import { orderBookChecksum, type PairPrecision } from './checksum.js';
import type { KrakenProtocol } from './kraken-message.js';

/** The precisions of a pair, as far as they are known now (undefined: not known). */
export type PrecisionOf = (pair: string) => PairPrecision | undefined;

/**
 * Kraken's continuity rules. There are no update ids, so every update is applied; the proof is the checksum of the
 * held book (core has already trimmed it to the window) after each message. v1 levels are the exchange's strings at
 * full precision and are checksummed as held; v2 numbers drop trailing zeros, so they are first written at the
 * pair's AssetPairs precision. A v2 pair whose precision is unknown, or a level with more digits than it allows (the
 * precision is stale), fails the check: the book cannot be proven Kraken's.
 */
export function krakenRules(protocol: KrakenProtocol, precisionOf: PrecisionOf): SequencingRules {
  return {
    classify: () => 'apply',
    verify(book: OrderBook, message: DepthUpdate | StreamSnapshot): boolean {
      if (message.checksum === undefined) return true; // a v1 snapshot carries none
      if (protocol === 'v1') return orderBookChecksum(book) === message.checksum;
      const precision = precisionOf(message.symbol);
      if (precision === undefined) return false;
      try {
        return orderBookChecksum(book, precision) === message.checksum;
      } catch (error) {
        if (error instanceof RangeError) return false;
        throw error;
      }
    },
  };
}
