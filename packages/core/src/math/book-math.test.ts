import { describe, expect, it } from '@jest/globals';
import { ReferenceOrderBook } from '../testing/reference-order-book.js';
import { depthWithin, isCrossed, mid, spread, sweepCost } from './book-math.js';
import { divideDecimal, formatDecimal, normalizeDecimal, parseDecimal } from './decimal.js';

function book(bids: [string, string][], asks: [string, string][]) {
  const b = new ReferenceOrderBook();
  b.reset(bids, asks);
  return b;
}

describe('book math', () => {
  const b = book(
    [['100.10', '1.5'], ['100.00', '2'], ['99.00', '92233720368.54775807']],
    [['100.30', '0.5'], ['100.40', '1.00000000'], ['101', '3']],
  );

  it('computes spread and mid exactly, with no float artefacts', () => {
    expect(spread(b)).toBe('0.2');
    expect(mid(b)).toBe('100.2');
    expect(spread(book([['0.1', '1']], [['0.3', '1']]))).toBe('0.2');
    expect(mid(book([['0.00000001', '1']], [['0.00000002', '1']]))).toBe('0.000000015');
  });

  it('is undefined on an empty side and not crossed', () => {
    const empty = book([['1', '1']], []);
    expect(spread(empty)).toBeUndefined();
    expect(mid(empty)).toBeUndefined();
    expect(isCrossed(empty)).toBe(false);
  });

  it('flags a crossed or locked book', () => {
    expect(isCrossed(b)).toBe(false);
    expect(isCrossed(book([['2', '1']], [['2.0', '1']]))).toBe(true);
    expect(isCrossed(book([['3', '1']], [['2', '1']]))).toBe(true);
  });

  it('sums depth within a band of the best price', () => {
    expect(depthWithin(b, 'bid', '0.1')).toEqual({ quantity: '3.5', notional: '350.15', levels: 2, complete: true });
    expect(depthWithin(b, 'ask', '0.1')).toEqual({ quantity: '1.5', notional: '150.55', levels: 2, complete: true });
    expect(depthWithin(b, 'bid', '5').quantity).toBe('92233720372.04775807');
  });

  it('says a band or a sweep is incomplete when it reaches past the levels known to be exact', () => {
    // Two exact levels: a band ending before the third level is whole; one that takes the third is not.
    expect(depthWithin(b, 'ask', '0.05', 2).complete).toBe(true);
    expect(depthWithin(b, 'ask', '0.1', 2)).toMatchObject({ levels: 2, complete: false });
    expect(depthWithin(b, 'ask', '0.1', 3).complete).toBe(true);
    expect(depthWithin(b, 'ask', '100', 2).complete).toBe(false);
    expect(depthWithin(b, 'ask', '100', 3).complete).toBe(true); // the whole side is exact
    expect(sweepCost(b, 'ask', '1', 8, 2).complete).toBe(true);
    expect(sweepCost(b, 'ask', '3', 8, 2)).toMatchObject({ filled: '3', complete: false });
  });

  it('prices a sweep level by level and reports a partial fill', () => {
    expect(sweepCost(b, 'ask', '1')).toEqual({ filled: '1', cost: '100.35', averagePrice: '100.35', worstPrice: '100.40', complete: true });
    const all = sweepCost(b, 'ask', '10');
    expect(all).toMatchObject({ filled: '4.5', complete: false, worstPrice: '101' });
    expect(all.cost).toBe('453.55');
    expect(all.averagePrice).toBe('100.78888889');
    expect(sweepCost(book([], []), 'ask', '1')).toEqual({ filled: '0', cost: '0', averagePrice: undefined, worstPrice: undefined, complete: false });
  });

  it('formats decimals plainly and rounds division half-up', () => {
    expect(normalizeDecimal('000.10000000')).toBe('0.1');
    expect(formatDecimal(parseDecimal('92233720368.54775807'))).toBe('92233720368.54775807');
    expect(formatDecimal(divideDecimal(parseDecimal('2'), parseDecimal('3'), 4))).toBe('0.6667');
    expect(formatDecimal({ units: -5n, scale: 3 })).toBe('-0.005');
  });
});
