import { describe, expect, it } from '@jest/globals';
import { deriveSeed, Prng } from './prng.js';

describe('Prng', () => {
  it('gives the same sequence for the same seed', () => {
    const a = new Prng(1234);
    const b = new Prng(1234);
    const seqA = Array.from({ length: 100 }, () => a.next());
    const seqB = Array.from({ length: 100 }, () => b.next());
    expect(seqA).toEqual(seqB);
  });

  it('gives different sequences for different seeds', () => {
    const a = new Prng(1);
    const b = new Prng(2);
    expect(Array.from({ length: 10 }, () => a.next())).not.toEqual(Array.from({ length: 10 }, () => b.next()));
  });

  it('keeps floats in [0, 1) and integers inside their inclusive range', () => {
    const rng = new Prng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) {
      const f = rng.next();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      const n = rng.int(3, 6);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(6);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('draws geometric distances with the expected mean', () => {
    const rng = new Prng(99);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) sum += rng.geometric(0.2);
    // mean of failures before success = (1 - p) / p = 4
    expect(sum / 20_000).toBeGreaterThan(3.7);
    expect(sum / 20_000).toBeLessThan(4.3);
  });

  it('derives distinct, stable seeds per label', () => {
    expect(deriveSeed(1, 'BTCUSDT')).toBe(deriveSeed(1, 'BTCUSDT'));
    expect(deriveSeed(1, 'BTCUSDT')).not.toBe(deriveSeed(1, 'ETHUSDT'));
    expect(deriveSeed(1, 'BTCUSDT')).not.toBe(deriveSeed(2, 'BTCUSDT'));
  });
});
