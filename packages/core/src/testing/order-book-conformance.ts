import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import type { OrderBook, OrderBookFactory } from '../book/order-book.js';
import { BookError } from '../errors.js';
import type { Level, Side } from '../types.js';
import { priceKey } from '../book/price-key.js';
import { levelCodeOf } from '../book/level-code.js';
import { levelSpelling } from '../book/level-spelling.js';
import { levelArbitrary, priceArbitrary, quantityArbitrary } from './book-arbitraries.js';
import { ReferenceOrderBook } from './reference-order-book.js';

/** Tuning for the conformance suite. */
export interface ConformanceOptions {
  /** Runs of the property test against the reference model (default 1000). */
  propertyRuns?: number;
  /** Time allowed for the 10^5-level and property tests (default 60 s: slow baselines on a loaded CI machine). */
  timeoutMs?: number;
}

const SIDES: readonly Side[] = ['bid', 'ask'];

function snapshotOf(book: OrderBook): Record<Side, Level[]> {
  return { bid: [...book.levels('bid')], ask: [...book.levels('ask')] };
}

type Operation =
  | { op: 'reset'; bids: Level[]; asks: Level[] }
  | { op: 'set'; side: Side; price: string; quantity: string }
  | { op: 'apply'; side: Side; levels: Level[]; given: 'strings' | 'codes' | 'numbers' }
  | { op: 'clear' };

const sideArbitrary = fc.constantFrom<Side>('bid', 'ask');
const operationArbitrary: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reset' as const), bids: fc.array(levelArbitrary, { maxLength: 30 }), asks: fc.array(levelArbitrary, { maxLength: 30 }) }) },
  { weight: 8, arbitrary: fc.record({ op: fc.constant('set' as const), side: sideArbitrary, price: priceArbitrary, quantity: quantityArbitrary }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant('apply' as const), side: sideArbitrary, levels: fc.array(levelArbitrary, { maxLength: 12 }), given: fc.constantFrom('strings' as const, 'codes' as const, 'numbers' as const) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
);

function run(book: OrderBook, operation: Operation): void {
  switch (operation.op) {
    case 'reset':
      return book.reset(operation.bids, operation.asks);
    case 'set':
      return book.set(operation.side, operation.price, operation.quantity);
    case 'apply': {
      // Coded as a frame scanner codes them, or given as numbers only where every level has both numbers: the book
      // must come out the same as from the strings.
      const { side, levels, given } = operation;
      if (given === 'strings') return book.apply(side, levels);
      const codes = levels.map(levelCodeOf);
      const spellings = levels.map(([price, quantity]) => levelSpelling(price, quantity));
      if (given === 'numbers' && book.applySpelled !== undefined && codes.every((c) => !Number.isNaN(c)) && spellings.every((s) => !Number.isNaN(s))) {
        return book.applySpelled(side, codes, spellings);
      }
      return book.apply(side, levels, codes);
    }
    case 'clear':
      return book.clear();
  }
}

/** Registers the behaviour every OrderBook must show; call it once from a book package's test file. */
export function describeOrderBookConformance(name: string, create: OrderBookFactory, options: ConformanceOptions = {}): void {
  const propertyRuns = options.propertyRuns ?? 1000;
  const timeoutMs = options.timeoutMs ?? 60_000;

  describe(`${name} conforms to OrderBook`, () => {
    it('reads an empty book as empty on both sides', () => {
      const book = create();
      for (const side of SIDES) {
        expect(book.best(side)).toBeUndefined();
        expect(book.top(side, 5)).toEqual([]);
        expect(book.size(side)).toBe(0);
        expect([...book.levels(side)]).toEqual([]);
        expect(book.quantityAt(side, '1.0')).toBeUndefined();
      }
    });

    it('keeps one side empty while the other fills', () => {
      const book = create();
      book.apply('ask', [['10.5', '1'], ['10.1', '2']]);
      expect(book.best('bid')).toBeUndefined();
      expect(book.best('ask')).toEqual(['10.1', '2']);
      expect(book.size('bid')).toBe(0);
    });

    it('orders bids highest first and asks lowest first, numerically not lexically', () => {
      const book = create();
      book.reset(
        [['9.5', '1'], ['10.0', '2'], ['100', '3'], ['9.75', '4']],
        [['101', '1'], ['1000.5', '2'], ['99.99', '3'], ['200', '4']],
      );
      expect(book.top('bid', 10).map((l) => l[0])).toEqual(['100', '10.0', '9.75', '9.5']);
      expect(book.top('ask', 10).map((l) => l[0])).toEqual(['99.99', '101', '200', '1000.5']);
      expect([...book.levels('bid')].map((l) => l[0])).toEqual(['100', '10.0', '9.75', '9.5']);
      expect(book.best('bid')).toEqual(['100', '3']);
      expect(book.best('ask')).toEqual(['99.99', '3']);
      expect(book.top('ask', 2)).toEqual([['99.99', '3'], ['101', '1']]);
      expect(book.top('ask', 0)).toEqual([]);
    });

    it('replaces everything on reset: no level from before survives', () => {
      const book = create();
      book.reset([['1', '1'], ['2', '1']], [['3', '1']]);
      book.reset([['1.5', '7']], []);
      expect(snapshotOf(book)).toEqual({ bid: [['1.5', '7']], ask: [] });
    });

    it('removes a level on quantity zero in any spelling and ignores removal of an absent level', () => {
      const book = create();
      book.reset([['5', '1'], ['4', '1']], [['6', '1']]);
      book.set('bid', '5', '0.00000000');
      book.set('ask', '6', '0');
      book.set('ask', '7', '0.0');
      expect(snapshotOf(book)).toEqual({ bid: [['4', '1']], ask: [] });
      expect(book.best('bid')).toEqual(['4', '1']);
      expect(book.best('ask')).toBeUndefined();
    });

    it('treats equal prices written differently as one level and returns the latest spelling', () => {
      const book = create();
      book.set('bid', '0.10000000', '1.00000000');
      book.set('bid', '0.1', '2.5');
      expect(book.size('bid')).toBe(1);
      expect(book.best('bid')).toEqual(['0.1', '2.5']);
      expect(book.quantityAt('bid', '0.100')).toBe('2.5');
      book.set('bid', '0.1000', '0');
      expect(book.size('bid')).toBe(0);
    });

    it('keeps very small and very large prices apart and in order', () => {
      const book = create();
      const prices = ['0.00000001', '0.00000002', '90071992.54740991', '90071992.54740990', '1000000', '0.00000003'];
      for (const p of prices) book.set('ask', p, '1');
      expect(book.top('ask', 10).map((l) => l[0])).toEqual([
        '0.00000001', '0.00000002', '0.00000003', '1000000', '90071992.54740990', '90071992.54740991',
      ]);
      expect(book.quantityAt('ask', '0.00000002')).toBe('1');
    });

    it('returns quantity strings longer than a double holds exactly', () => {
      const book = create();
      book.set('ask', '65000.01000000', '92233720368.54775807');
      book.apply('bid', [['64999.99', '12345678901234567890.12345678']]);
      expect(book.best('ask')).toEqual(['65000.01000000', '92233720368.54775807']);
      expect(book.quantityAt('bid', '64999.99000000')).toBe('12345678901234567890.12345678');
    });

    it('rejects a malformed price or quantity with a BookError and leaves the side untouched', () => {
      const book = create();
      book.reset([['1', '1']], [['2', '1']]);
      for (const bad of ['', 'abc', '-1', '1e3', '1.2.3', '.', ' 1']) {
        expect(() => book.apply('bid', [['3', '1'], [bad, '1']])).toThrow(BookError);
        expect(() => book.apply('bid', [['3', '1'], ['4', bad]])).toThrow(BookError);
      }
      expect(() => book.set('ask', 'x', '1')).toThrow(expect.objectContaining({ reason: 'invalid-price' }));
      expect(snapshotOf(book)).toEqual({ bid: [['1', '1']], ask: [['2', '1']] });
    });

    it("takes a decoder's level codes, reads the strings where a code is NaN, and still refuses a bad level whole", () => {
      const book = create();
      book.reset([['10', '1']], [['11', '1']]);
      const levels: Level[] = [['9.5', '2'], ['10', '0'], ['9', '3']];
      book.apply('bid', levels, [levelCodeOf(levels[0]!), levelCodeOf(levels[1]!), NaN]);
      expect(book.top('bid', 5)).toEqual([['9.5', '2'], ['9', '3']]);
      expect(() => book.apply('bid', [['8', '1'], ['x', '1']], [levelCodeOf(['8', '1']), NaN])).toThrow(BookError);
      expect(book.top('bid', 5)).toEqual([['9.5', '2'], ['9', '3']]);
    });

    if (create().applySpelled !== undefined) {
      it('takes a batch given as numbers only (codes and spellings) and reads back exactly the strings they spell', () => {
        const book = create();
        book.reset([['10.00', '1.000']], [['11.00', '1.000']]);
        const levels: Level[] = [['9.50', '0.00200000'], ['10.00', '0.000'], ['9.00', '3']];
        book.applySpelled?.('bid', levels.map(levelCodeOf), levels.map(([p, q]) => levelSpelling(p, q)));
        expect(book.top('bid', 5)).toEqual([['9.50', '0.00200000'], ['9.00', '3']]);
        expect(book.quantityAt('bid', '9.5')).toBe('0.00200000');
        expect(book.best('bid')).toEqual(['9.50', '0.00200000']);
      });
    }

    it('holds 10^5 levels per side and reads them in order', () => {
      const book = create();
      const n = 100_000;
      const bids: Level[] = [];
      const asks: Level[] = [];
      for (let i = 0; i < n; i++) {
        bids.push([(50_000 - i * 0.01).toFixed(2), '1']);
        asks.push([(50_000.01 + i * 0.01).toFixed(2), String(i + 1)]);
      }
      book.reset(bids, asks);
      expect(book.size('bid')).toBe(n);
      expect(book.size('ask')).toBe(n);
      expect(book.best('bid')).toEqual(['50000.00', '1']);
      expect(book.best('ask')).toEqual(['50000.01', '1']);
      const all = [...book.levels('ask')];
      expect(all.length).toBe(n);
      expect(all[n - 1]).toEqual(asks[n - 1]);
      for (let i = 0; i < n; i += 2) book.set('bid', bids[i]![0], '0');
      expect(book.size('bid')).toBe(n / 2);
      expect(book.best('bid')).toEqual(bids[1]);
    }, timeoutMs);

    // Only books that offer the count are held to it; the others are counted by walking them.
    if (create().levelsWithin !== undefined) {
      it('counts the levels at an edge price or better as the book changes, and when the edge moves', () => {
        fc.assert(
          fc.property(fc.array(operationArbitrary, { maxLength: 60 }), priceArbitrary, priceArbitrary, fc.nat(60), (operations, first, second, moveAt) => {
            const book = create();
            const model = new ReferenceOrderBook();
            const within = (side: Side, edge: number): number => [...model.levels(side)].filter(([p]) => (side === 'bid' ? priceKey(p) >= edge : priceKey(p) <= edge)).length;
            for (const [i, operation] of operations.entries()) {
              const edge = priceKey(i < moveAt ? first : second);
              run(book, operation);
              run(model, operation);
              for (const side of SIDES) expect(book.levelsWithin?.(side, edge)).toBe(within(side, edge));
            }
          }),
          { numRuns: propertyRuns },
        );
      }, timeoutMs);
    }

    it('agrees with the reference model on every read after random operations', () => {
      fc.assert(
        fc.property(fc.array(operationArbitrary, { maxLength: 60 }), fc.integer({ min: 0, max: 40 }), (operations, n) => {
          const book = create();
          const model = new ReferenceOrderBook();
          for (const operation of operations) {
            run(book, operation);
            run(model, operation);
            for (const side of SIDES) {
              expect(book.best(side)).toEqual(model.best(side));
              expect(book.size(side)).toBe(model.size(side));
            }
          }
          for (const side of SIDES) {
            expect(book.top(side, n)).toEqual(model.top(side, n));
            expect([...book.levels(side)]).toEqual([...model.levels(side)]);
            for (const [price] of model.levels(side)) expect(book.quantityAt(side, price)).toBe(model.quantityAt(side, price));
          }
        }),
        { numRuns: propertyRuns },
      );
    }, timeoutMs);
  });
}
