import { describe, expect, it } from '@jest/globals';
import type { MarketSettings } from '../config/settings.js';
import { splitSymbols } from './split-symbols.js';

const market = (name: 'binance-spot' | 'okx', symbols: string[]): MarketSettings => ({ exchange: name, market: name, symbols, book: 'chunked', depth: 10 });

describe('splitSymbols', () => {
  it('deals symbols round-robin with one count across venues, leaving out venues a worker has none of', () => {
    const shares = splitSymbols([market('binance-spot', ['A', 'B', 'C']), market('okx', ['X'])], 2);
    expect(shares.map((share) => share.map((m) => [m.market, m.symbols]))).toEqual([
      [['binance-spot', ['A', 'C']]],
      [
        ['binance-spot', ['B']],
        ['okx', ['X']],
      ],
    ]);
  });

  it('gives the same shares for the same settings, so a restarted worker takes back exactly its books', () => {
    const markets = [market('binance-spot', Array.from({ length: 9 }, (_, i) => `S${i}USDT`))];
    expect(splitSymbols(markets, 4)).toEqual(splitSymbols(markets, 4));
    expect(splitSymbols(markets, 4).map((s) => s[0]?.symbols.length)).toEqual([3, 2, 2, 2]);
  });
});
