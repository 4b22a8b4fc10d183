import { describe, expect, it } from '@jest/globals';
import { closestMatches, editDistance } from './did-you-mean.js';

describe('did you mean', () => {
  it('counts a swap of two neighbours as one edit, like an insertion, deletion or substitution', () => {
    expect(editDistance('BTCUSTD', 'BTCUSDT')).toBe(1);
    expect(editDistance('BTCUSD', 'BTCUSDT')).toBe(1);
    expect(editDistance('ETHUSDT', 'BTCUSDT')).toBe(2);
    expect(editDistance('', 'ABC')).toBe(3);
    expect(editDistance('SYMBOLS', 'SYMBOLS')).toBe(0);
  });

  it('suggests the nearest candidates only, and nothing when none is near', () => {
    const listed = ['BTCUSDT', 'BTCUSDC', 'ETHUSDT', 'ETHBTC', 'SOLUSDT'];
    expect(closestMatches('BTCUSTD', listed)).toEqual(['BTCUSDT']);
    expect(closestMatches('BTCUSD', listed)).toEqual(['BTCUSDT', 'BTCUSDC']);
    expect(closestMatches('DOGEEUR', listed)).toEqual([]);
  });
});
