import { describe, expect, it } from '@jest/globals';
import { marketRules } from '../binance/market-rules.js';
import { buildSymbolSpec } from './symbol-spec.js';
import { CAP_QUANTITY, TrafficGenerator, type DepthEvent } from './traffic-generator.js';
import type { SimMarket } from '../binance/types.js';

function generator(market: SimMarket, seed: number, levelsPerSide?: number): TrafficGenerator {
  const rules = marketRules(market);
  const spec = buildSymbolSpec({ symbol: rules.defaultSymbols[0] as string, levelsPerSide }, rules);
  return new TrafficGenerator(spec, rules.futures, seed);
}

function run(g: TrafficGenerator, n: number): DepthEvent[] {
  return Array.from({ length: n }, () => g.next());
}

describe('TrafficGenerator', () => {
  it('produces the same book and events for the same seed, and different ones for another seed', () => {
    const a = generator('spot', 11);
    const b = generator('spot', 11);
    expect(a.book.snapshot()).toEqual(b.book.snapshot());
    expect(run(a, 500)).toEqual(run(b, 500));
    expect(a.book.snapshot()).toEqual(b.book.snapshot());
    const c = generator('spot', 12);
    expect(run(c, 5)).not.toEqual(run(generator('spot', 11), 5));
  });

  it('never leaves the true book crossed over thousands of events', () => {
    for (const market of ['spot', 'usdm'] as const) {
      const g = generator(market, 3);
      for (let i = 0; i < 5000; i++) {
        g.next();
        const bid = g.book.bids.best() as number;
        const ask = g.book.asks.best() as number;
        expect(bid).toBeLessThan(ask);
      }
    }
  });

  it('chains spot ids (U = previous u + 1) with jumps inside each event', () => {
    const g = generator('spot', 5);
    let prev = g.book.lastUpdateId;
    for (const e of run(g, 2000)) {
      expect(e.U).toBe(prev + 1);
      expect(e.u).toBeGreaterThan(e.U);
      // ids count more updates than the levels sent, as Binance's do
      expect(e.u - e.U + 1).toBeGreaterThan(e.bids.length + e.asks.length);
      prev = e.u;
    }
  });

  it('chains futures events by pu = previous u, while U may skip ahead', () => {
    const g = generator('usdm', 5);
    let prev = g.book.lastUpdateId;
    let skipped = 0;
    for (const e of run(g, 2000)) {
      expect(e.pu).toBe(prev);
      expect(e.U).toBeGreaterThan(prev);
      if (e.U > prev + 1) skipped += 1;
      prev = e.u;
    }
    expect(skipped).toBeGreaterThan(100);
  });

  it('looks like Binance traffic: changes near the top, many removals, bursts, cap quantities, deep levels', () => {
    const g = generator('spot', 21);
    const events = run(g, 5000);
    const sizes = events.map((e) => e.bids.length + e.asks.length);
    const all = events.flatMap((e) => [...e.bids, ...e.asks]);
    const removals = all.filter(([, q]) => q === 0n).length;
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...sizes)).toBeGreaterThan(60); // bursts
    expect(all.length / events.length).toBeGreaterThan(5);
    expect(removals / all.length).toBeGreaterThan(0.3);
    expect(all.some(([, q]) => q === CAP_QUANTITY)).toBe(true);
    // the true book stays deeper than a 1000-level snapshot
    expect(g.book.bids.size).toBeGreaterThan(1500);
    expect(g.book.asks.size).toBeGreaterThan(1500);
  });
});
