import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { BookError } from '../errors.js';
import { compareDecimal, parseDecimal } from '../math/decimal.js';
import { decimalKey, isZeroQuantity, MAX_EXACT_PRICE, priceKey } from './price-key.js';

// Any decimal with up to 8 places whose value in units of 1e-8 stays within 2^53 - 1 (up to MAX_EXACT_PRICE).
const decimal = fc
  .integer({ min: 0, max: 8 })
  .chain((scale) =>
    fc.tuple(fc.bigInt({ min: 0n, max: 9_007_199_254_740_991n / 10n ** BigInt(8 - scale) }), fc.constant(scale), fc.integer({ min: 0, max: 3 })),
  )
  .map(([units, scale, pad]) => {
    const digits = units.toString().padStart(scale + 1, '0');
    const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
    return pad > 0 ? `${text}${scale === 0 ? '.' : ''}${'0'.repeat(pad)}` : text;
  });

describe('decimalKey', () => {
  it('is the value in units of 1e-8, so equal decimals written differently share a key', () => {
    expect(decimalKey('0.1')).toBe(10_000_000);
    expect(decimalKey('0.10000000')).toBe(10_000_000);
    expect(decimalKey('65000.01')).toBe(6_500_001_000_000);
    expect(decimalKey('0.00000001')).toBe(1);
    expect(decimalKey(MAX_EXACT_PRICE)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('orders exactly as the decimal values do, up to the largest exact price', () => {
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        expect(Math.sign(decimalKey(a) - decimalKey(b))).toBe(compareDecimal(parseDecimal(a), parseDecimal(b)));
      }),
      { numRuns: 5000 },
    );
  });

  it('orders and separates exactly beyond the integer range: any decimal of up to 15 significant digits, up to 12 places', () => {
    const wide = fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 2 }))
      .map(([units, scale, pad]) => {
        const digits = units.toString().padStart(scale + 1, '0');
        const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
        return pad > 0 && scale > 0 ? `${text}${'0'.repeat(pad)}` : text;
      });
    fc.assert(
      fc.property(wide, wide, (a, b) => {
        expect(Math.sign(priceKey(a) - priceKey(b))).toBe(compareDecimal(parseDecimal(a), parseDecimal(b)));
      }),
      { numRuns: 5000 },
    );
  });

  it('refuses, rather than merges, prices a key cannot keep apart', () => {
    // Both round to one double: keyed, they would silently become one level.
    for (const price of ['123456789.123456781', '123456789.123456782', '92233720368547758.07', '1.00000000000000000001']) {
      expect(decimalKey(price)).toBeNaN();
      expect(() => priceKey(price)).toThrow(expect.objectContaining({ reason: 'unrepresentable-price' }));
    }
    expect(priceKey('1500000000.12')).toBeLessThan(priceKey('1500000000.13'));
  });

  it.each(['', '.', '-1', '+1', '1e3', '1.2.3', ' 1', '1 ', '0x10', 'NaN'])('rejects %j', (text) => {
    expect(decimalKey(text)).toBeNaN();
    expect(() => priceKey(text)).toThrow(BookError);
  });
});

describe('isZeroQuantity', () => {
  it.each([['0', true], ['0.00000000', true], ['0.', true], ['0.00000001', false], ['92233720368.54775807', false], ['10', false]])(
    '%s is zero: %s',
    (q, zero) => expect(isZeroQuantity(q)).toBe(zero),
  );

  it.each(['', '.', 'abc', '-0', '1,0'])('rejects %j with reason invalid-quantity', (q) => {
    expect(() => isZeroQuantity(q)).toThrow(expect.objectContaining({ reason: 'invalid-quantity' }));
  });
});
