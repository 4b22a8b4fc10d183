import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { priceKey } from './price-key.js';
import { levelSpelling, spellLevel } from './level-spelling.js';

/** Canonical plain decimals: no leading zero but a lone one, a fraction of `maxDigits` at most. */
const canonical = (maxWhole: number, maxDigits: number): fc.Arbitrary<string> =>
  fc.tuple(fc.integer({ min: 0, max: maxWhole }), fc.integer({ min: 0, max: maxDigits }), fc.bigInt({ min: 0n, max: 10n ** 15n })).map(([whole, digits, fraction]) =>
    digits === 0 ? String(whole) : `${whole}.${String(fraction % 10n ** BigInt(digits)).padStart(digits, '0')}`,
  );

describe('levelSpelling', () => {
  it('gives back exactly the strings of every canonical level it spells', () => {
    fc.assert(
      fc.property(canonical(90_000_000, 8), canonical(99_999, 8), (price, quantity) => {
        const spelled = levelSpelling(price, quantity);
        expect(spelled).not.toBeNaN();
        expect(spellLevel(priceKey(price), spelled)).toEqual([price, quantity]);
      }),
      { numRuns: 20_000 },
    );
  });

  it.each([
    ['61826.02000000', '0.00009000'],
    ['0.00001000', '123456.78900000'],
    ['100', '5'],
    ['0', '0.0'],
    ['1.5', '12345678901234'],
  ])('spells %s / %s back as written', (price, quantity) => {
    expect(spellLevel(priceKey(price), levelSpelling(price, quantity))).toEqual([price, quantity]);
  });

  it.each([
    ['01.5', '1'],
    ['.5', '1'],
    ['5.', '1'],
    ['1.123456789', '1'],
    ['1', '01'],
    ['1', '-1'],
    ['1', '1e3'],
    ['1', '1.0000000000000000'],
    ['1', '123456789012345'],
    ['1', ''],
    ['', '1'],
  ])('leaves %s / %s to the strings: not canonical or too long', (price, quantity) => {
    expect(levelSpelling(price, quantity)).toBeNaN();
  });
});
