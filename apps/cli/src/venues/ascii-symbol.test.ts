import { describe, expect, it } from '@jest/globals';
import { findVenue } from './registry.js';

describe('symbols are ASCII', () => {
  it('refuses a non-ASCII look-alike that upper-casing would turn into a real symbol', () => {
    // 'ſ' (long s) upper-cases to 'S', 'ı' (dotless i) to 'I': both used to name real books.
    expect('btcuſdt'.toUpperCase()).toBe('BTCUSDT');
    for (const [venue, symbol] of [
      ['binance-spot', 'btcuſdt'],
      ['okx', 'BTC-UſDT'],
      ['kraken', 'ſol/usd'],
      ['bybit-linear', 'ſolusdt'],
      ['coinbase', 'btc-uſd'],
    ] as const) {
      const spelled = findVenue(venue)?.spell(symbol);
      expect({ venue, spelled }).toEqual({ venue, spelled: { error: expect.stringContaining('\\u017f') } });
    }
  });

  it('still reads ASCII symbols in any case', () => {
    expect(findVenue('binance-spot')?.spell('btcusdt')).toEqual({ symbol: 'BTCUSDT' });
  });
});
