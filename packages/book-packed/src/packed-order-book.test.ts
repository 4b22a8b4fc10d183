import { describeOrderBookConformance, prng, ReferenceOrderBook } from '@lob/core/testing';
import { levelCodeOf, levelSpelling, priceKey, type Level, type Side } from '@lob/core';
import { describe, expect, it } from '@jest/globals';
import { createPackedBook, PackedOrderBook } from './index.js';

describeOrderBookConformance('PackedOrderBook', createPackedBook, { propertyRuns: 1000 });

/** Every read of one level of a side, to compare with what was written. */
function readsOf(book: PackedOrderBook, side: Side, price: string): unknown {
  return { best: book.best(side), top: book.top(side, 1), levels: [...book.levels(side)], quantity: book.quantityAt(side, price) };
}

describe('PackedOrderBook levels no spelling writes back', () => {
  // Each is a level priceKey and isZeroQuantity accept but levelSpelling refuses, or whose key is not exact.
  const exotic: [string, Level][] = [
    ['a quantity with 16 decimals', ['1.5', '1.0000000000000000']],
    ['a price with 9 decimals, keyed as an exact integer', ['0.100000000', '2']],
    ['a price with a leading zero', ['01.5', '3']],
    ['a quantity with a leading zero', ['1.5', '007']],
    ['a quantity ending in a dot', ['1.5', '2.']],
    ['a price past the exact keys', ['100000000', '1']],
    ['a price with a fraction past 1e-8', ['0.123456789', '1']],
    ['a quantity of more digits than a spelling packs', ['1.5', '12345678901234567890.12345678']],
  ];

  it.each(exotic)('reads %s back exactly as written on every read, on both sides', (_, level) => {
    expect(levelSpelling(...level) >= 0 && Number.isSafeInteger(priceKey(level[0]))).toBe(false);
    for (const side of ['bid', 'ask'] as Side[]) {
      const book = new PackedOrderBook();
      book.apply(side, [level]);
      expect(readsOf(book, side, level[0])).toEqual({ best: level, top: [level], levels: [level], quantity: level[1] });
      expect(book.best(side)).toBe(level);
      expect(book.exoticCount(side)).toBe(1);
    }
  });

  it('drops the kept strings when a spelled level overwrites the level, in every way a batch can come', () => {
    const book = new PackedOrderBook();
    book.set('bid', '0.100000000', '2');
    book.set('bid', '0.1', '3');
    expect(book.exoticCount('bid')).toBe(0);
    expect(book.best('bid')).toEqual(['0.1', '3']);

    book.apply('ask', [['1.5', '1.0000000000000000']]);
    book.apply('ask', [['1.5', '4']], [levelCodeOf(['1.5', '4'])]);
    expect(book.exoticCount('ask')).toBe(0);
    expect(book.quantityAt('ask', '1.5')).toBe('4');

    book.apply('ask', [['1.5', '1.0000000000000000']]);
    book.applySpelled('ask', [levelCodeOf(['1.50', '5'])], [levelSpelling('1.50', '5')]);
    expect(book.exoticCount('ask')).toBe(0);
    expect(book.best('ask')).toEqual(['1.50', '5']);
  });

  it('drops the kept strings when the level is deleted, or the book cleared or reset', () => {
    const book = new PackedOrderBook();
    book.set('ask', '01.5', '1');
    book.set('ask', '1.5', '0');
    expect(book.exoticCount('ask')).toBe(0);
    expect(book.size('ask')).toBe(0);
    book.set('ask', '01.5', '1');
    book.applySpelled('ask', [levelCodeOf(['1.5', '0'])], [NaN]);
    expect(book.exoticCount('ask')).toBe(0);
    book.set('bid', '01.5', '1');
    book.reset([], [['01.5', '1']]);
    expect(book.exoticCount('bid')).toBe(0);
    book.clear();
    expect(book.exoticCount('ask')).toBe(0);
  });

  it('keeps a second exotic spelling of the same price as the latest, and spells it again once overwritten', () => {
    const book = new PackedOrderBook();
    book.set('bid', '01.5', '1');
    book.set('bid', '001.5', '2');
    expect(book.best('bid')).toEqual(['001.5', '2']);
    expect(book.exoticCount('bid')).toBe(1);
    book.set('bid', '1.5', '2');
    expect(book.best('bid')).toEqual(['1.5', '2']);
  });
});

describe('PackedOrderBook best level', () => {
  it('hands back the same level object while the top of the book does not change', () => {
    const book = new PackedOrderBook();
    book.apply('ask', [['10.5', '1'], ['11', '2']]);
    const first = book.best('ask');
    book.apply('ask', [['12', '3'], ['11', '0']]);
    expect(book.best('ask')).toBe(first);
    book.apply('ask', [['10.5', '1.5']]);
    expect(book.best('ask')).toEqual(['10.5', '1.5']);
    book.apply('ask', [['10.50', '1.5']]);
    expect(book.best('ask')).toEqual(['10.50', '1.5']);
  });
});

describe('PackedOrderBook top reads', () => {
  it('hands back the levels it spelled for the last read while they stand, and spells again only what changed', () => {
    const book = createPackedBook();
    const asks: Level[] = Array.from({ length: 30 }, (_, i) => [(100 + i / 100).toFixed(2), `${i + 1}.5`]);
    book.reset([['99.99', '1']], asks);
    const first = book.top('ask', 20);
    const second = book.top('ask', 20);
    expect(second).toEqual(asks.slice(0, 20));
    second.forEach((level, i) => expect(level).toBe(first[i]));
    book.apply('ask', [['100.03', '7.25'], ['100.05', '0']]);
    const third = book.top('ask', 20);
    expect(third).toEqual([...asks.slice(0, 3), ['100.03', '7.25'], asks[4], ...asks.slice(6, 21)]);
    expect(third[3]).not.toBe(first[3]);
    expect(third[0]).toBe(first[0]);
    expect(third[4]).toBe(first[4]);
  });
});

describe('PackedOrderBook under heavy churn', () => {
  it('agrees with the reference model through thousands of chunk splits and merges, given strings, codes or numbers', () => {
    const random = prng(42);
    const book = createPackedBook();
    const model = new ReferenceOrderBook();
    let changes = 0;
    for (let round = 0; round < 40; round++) {
      for (const side of ['bid', 'ask'] as Side[]) {
        const levels: Level[] = [];
        // Waves of inserts over a wide range, then waves that delete most levels, so chunks split and merge.
        if (round % 4 === 3) {
          for (const [price] of model.levels(side)) if (random() < 0.85) levels.push([price, '0']);
        } else {
          for (let i = 0; i < 600; i++) {
            const price = (Math.floor(random() * 20_000) / 100).toFixed(2);
            levels.push([price, random() < 0.2 ? '0' : (random() * 10).toFixed(8)]);
          }
        }
        const given = round % 3;
        if (given === 0) book.apply(side, levels);
        else if (given === 1) book.apply(side, levels, levels.map(levelCodeOf));
        else book.applySpelled?.(side, levels.map(levelCodeOf), levels.map(([p, q]) => levelSpelling(p, q)));
        model.apply(side, levels);
        changes += levels.length;
      }
      for (const side of ['bid', 'ask'] as Side[]) {
        expect(book.size(side)).toBe(model.size(side));
        expect(book.best(side)).toEqual(model.best(side));
        // Through the read cache: levels spelled for the last read must not outlive a change of their quantity.
        expect(book.top(side, 40)).toEqual([...model.levels(side)].slice(0, 40));
      }
    }
    for (const side of ['bid', 'ask'] as Side[]) expect([...book.levels(side)]).toEqual([...model.levels(side)]);
    expect(book.size('bid')).toBeGreaterThan(100);
    expect(changes).toBeGreaterThan(40_000);
  });
});
