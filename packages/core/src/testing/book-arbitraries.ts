import fc from 'fast-check';
import type { Level } from '../types.js';

/**
 * Prices from a small grid so that random operations hit the same level often, each spelled with a random
 * number of trailing zeros ("1.5", "1.50", "1.50000000") to exercise equal prices written differently.
 */
export const priceArbitrary: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 0, max: 400 }), fc.constantFrom(0, 1, 25, 5000, 12345678), fc.integer({ min: 0, max: 4 }))
  .map(([whole, frac, pad]) => {
    const fraction = frac === 0 ? '' : String(frac).padStart(8, '0').replace(/0+$/, '');
    const digits = fraction + '0'.repeat(pad);
    return digits.length > 0 ? `${whole}.${digits}` : String(whole);
  });

/** Quantities: zero in several spellings (a removal), small, large and longer than a double holds. */
export const quantityArbitrary: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('0', '0.00000000', '0.0') },
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 99_999_999 }).map((n) => (n / 1e4).toFixed(8)) },
  { weight: 1, arbitrary: fc.constantFrom('92233720368.54775807', '12345678901234567890.12345678', '0.00000001') },
);

/** One `[price, quantity]` level. */
export const levelArbitrary: fc.Arbitrary<Level> = fc.tuple(priceArbitrary, quantityArbitrary);
