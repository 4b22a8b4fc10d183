import { BookError, decimalKey, isZeroQuantity, type Level } from '@lob/core';

// Above 2^25 a double's spacing exceeds 1e-8, so parseFloat merges neighbouring 8-decimal prices.
const WIDE_PRICE = 2 ** 25;
const WIDE_UNITS = WIDE_PRICE * 1e8;

/**
 * The key the baselines sort by: parseFloat(price), as ccxt, node-binance-api and most JS clients do.
 * Unlike those clients it validates first (with core's parser, so every contender pays the same check) and,
 * for prices above 2^25 where parseFloat would merge levels, continues the key on exact 1e-8 units so the
 * baselines can pass the conformance suite. Real prices never take that branch.
 */
export function floatKey(price: string): number {
  const units = decimalKey(price);
  if (units !== units) throw new BookError('invalid-price', `not a decimal price: ${JSON.stringify(price)}`);
  if (units < WIDE_UNITS) return parseFloat(price);
  return WIDE_PRICE + (units - WIDE_UNITS);
}

/** A validated batch: float key and removal flag of each level, by position. */
export interface CheckedBatch {
  keys: Float64Array;
  zero: Uint8Array;
}

// One shared scratch batch: the hot path is single-threaded, and returning the same object allocates nothing.
const scratch: CheckedBatch = { keys: new Float64Array(256), zero: new Uint8Array(256) };

/**
 * Validates a whole batch before anything is written, so a bad level leaves the book untouched (the
 * OrderBook contract). The result is shared scratch, valid until the next call.
 */
export function checkBatch(levels: readonly Level[]): CheckedBatch {
  const n = levels.length;
  if (n > scratch.keys.length) {
    scratch.keys = new Float64Array(n * 2);
    scratch.zero = new Uint8Array(n * 2);
  }
  const { keys, zero } = scratch;
  for (let i = 0; i < n; i++) {
    const level = levels[i] as Level;
    keys[i] = floatKey(level[0]);
    zero[i] = isZeroQuantity(level[1]) ? 1 : 0;
  }
  return scratch;
}

/** Throws BookError unless `side` is 'bid' or 'ask'. */
export function checkSide(side: string): void {
  if (side !== 'bid' && side !== 'ask') {
    throw new BookError('invalid-argument', `side must be "bid" or "ask", not ${JSON.stringify(side)}`);
  }
}
