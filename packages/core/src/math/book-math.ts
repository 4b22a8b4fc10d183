import type { OrderBook } from '../book/order-book.js';
import type { Level, Side } from '../types.js';
import {
  addDecimal,
  compareDecimal,
  divideDecimal,
  formatDecimal,
  multiplyDecimal,
  parseDecimal,
  subtractDecimal,
  type Decimal,
} from './decimal.js';

/** Best ask minus best bid as an exact decimal string, or undefined when a side is empty. */
export function spread(book: OrderBook): string | undefined {
  const bid = book.best('bid');
  const ask = book.best('ask');
  if (bid === undefined || ask === undefined) return undefined;
  return formatDecimal(subtractDecimal(parseDecimal(ask[0]), parseDecimal(bid[0])));
}

/** (best bid + best ask) / 2 as an exact decimal string, or undefined when a side is empty. */
export function mid(book: OrderBook): string | undefined {
  const bid = book.best('bid');
  const ask = book.best('ask');
  if (bid === undefined || ask === undefined) return undefined;
  const sum = addDecimal(parseDecimal(ask[0]), parseDecimal(bid[0]));
  // Halving adds at most one decimal, so this is exact.
  return formatDecimal(divideDecimal(sum, { units: 2n, scale: 0 }, sum.scale + 1));
}

/** True when the best bid is at or above the best ask: a correct book is never crossed. */
export function isCrossed(book: OrderBook): boolean {
  const bid = book.best('bid');
  const ask = book.best('ask');
  if (bid === undefined || ask === undefined) return false;
  return compareDecimal(parseDecimal(bid[0]), parseDecimal(ask[0])) >= 0;
}

/** What a side holds within `band` (absolute price distance) of its best level. */
export interface DepthInBand {
  /** Sum of quantities, exact. */
  readonly quantity: string;
  /** Sum of price × quantity, exact. */
  readonly notional: string;
  /** How many levels lie in the band. */
  readonly levels: number;
  /** False when the band reaches past the levels known to be exact: the answer may miss levels there. */
  readonly complete: boolean;
}

/**
 * Sums the levels of a side whose price is within `band` of the side's best price. `exactLevels` is how many top
 * levels are known to be the exchange's (a book's exactDepth); the answer is complete only inside them.
 */
export function depthWithin(book: OrderBook, side: Side, band: string, exactLevels = Infinity): DepthInBand {
  const best = book.best(side);
  let quantity: Decimal = { units: 0n, scale: 0 };
  let notional: Decimal = { units: 0n, scale: 0 };
  let levels = 0;
  // Complete when an exact level lies beyond the band (the band ends inside what is known), or the side is all exact.
  let complete = exactLevels >= book.size(side);
  if (best !== undefined) {
    const width = parseDecimal(band);
    const bestPrice = parseDecimal(best[0]);
    const limit = side === 'bid' ? subtractDecimal(bestPrice, width) : addDecimal(bestPrice, width);
    for (const [p, q] of book.levels(side)) {
      const price = parseDecimal(p);
      const c = compareDecimal(price, limit);
      if (side === 'bid' ? c < 0 : c > 0) {
        complete = levels < exactLevels;
        break;
      }
      const qty = parseDecimal(q);
      quantity = addDecimal(quantity, qty);
      notional = addDecimal(notional, multiplyDecimal(price, qty));
      levels++;
    }
  }
  return { quantity: formatDecimal(quantity), notional: formatDecimal(notional), levels, complete };
}

/** The result of sweeping a size through one side of the book. */
export interface SweepCost {
  /** How much could be filled (less than asked when the side runs out). */
  readonly filled: string;
  /** Sum of price × quantity taken, exact. */
  readonly cost: string;
  /** cost / filled rounded to `digits` decimals (VWAP), or undefined when nothing was filled. */
  readonly averagePrice: string | undefined;
  /** The worst price touched. */
  readonly worstPrice: string | undefined;
  /** True when the whole size was filled within the levels known to be exact. */
  readonly complete: boolean;
}

/**
 * Cost to take `size` from a side, best first: buying sweeps asks, selling sweeps bids. `exactLevels` is how many
 * top levels are known to be the exchange's (a book's exactDepth): a sweep that needs more is not complete.
 */
export function sweepCost(book: OrderBook, side: Side, size: string, digits = 8, exactLevels = Infinity): SweepCost {
  const wanted = parseDecimal(size);
  let remaining = wanted;
  let cost: Decimal = { units: 0n, scale: 0 };
  let worst: string | undefined;
  let touched = 0;
  const zero: Decimal = { units: 0n, scale: 0 };
  for (const [p, q] of book.levels(side) as Iterable<Level>) {
    if (compareDecimal(remaining, zero) <= 0) break;
    touched++;
    const qty = parseDecimal(q);
    const take = compareDecimal(qty, remaining) < 0 ? qty : remaining;
    cost = addDecimal(cost, multiplyDecimal(parseDecimal(p), take));
    remaining = subtractDecimal(remaining, take);
    worst = p;
  }
  const filled = subtractDecimal(wanted, remaining);
  return {
    filled: formatDecimal(filled),
    cost: formatDecimal(cost),
    averagePrice: filled.units === 0n ? undefined : formatDecimal(divideDecimal(cost, filled, digits)),
    worstPrice: worst,
    complete: compareDecimal(remaining, zero) <= 0 && touched <= exactLevels,
  };
}
