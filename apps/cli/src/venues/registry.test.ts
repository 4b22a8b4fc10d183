import { describe, expect, it } from '@jest/globals';
import { VENUES, describeVenues, findVenue, venueOf } from './registry.js';
import { VENUE_NAMES } from './venue.js';

const spell = (venue: string, raw: string): string => {
  const spelled = venueOf(venue as never).spell(raw);
  return 'symbol' in spelled ? spelled.symbol : `error: ${spelled.error}`;
};

describe('the venue registry', () => {
  it('has one entry per venue, in the order help lists them', () => {
    expect(VENUES.map((v) => v.name)).toEqual([...VENUE_NAMES]);
    expect(describeVenues()).toBe('binance-spot (spot), binance-usdm (usdm), binance-coinm (coinm), okx, kraken, bybit-spot, bybit-linear, bybit-inverse, coinbase');
  });

  it('finds a venue by its name or alias, in any case', () => {
    expect(['binance-spot', 'spot', 'SPOT', ' Binance-Spot '].map((n) => findVenue(n)?.name)).toEqual(Array(4).fill('binance-spot'));
    expect(findVenue('usdm')?.name).toBe('binance-usdm');
    expect(findVenue('CoinM')?.name).toBe('binance-coinm');
    expect(findVenue('OKX')?.name).toBe('okx');
    expect(findVenue('Kraken')?.name).toBe('kraken');
    expect(findVenue('Bybit-Linear')?.name).toBe('bybit-linear');
    expect(findVenue('binance')).toBeUndefined();
    expect(findVenue('bybit')).toBeUndefined();
    expect(findVenue('COINBASE')?.name).toBe('coinbase');
    expect(findVenue('margin')).toBeUndefined();
  });

  it("spells each venue's symbols its own way, from any case", () => {
    expect(spell('binance-spot', 'btcusdt')).toBe('BTCUSDT');
    expect(spell('binance-coinm', 'btcusd_perp')).toBe('BTCUSD_PERP');
    // OKX instrument ids keep their dashes: the dash is OKX's own separator.
    expect(spell('okx', 'btc-usdt')).toBe('BTC-USDT');
    expect(spell('okx', 'Btc-Usdt-Swap')).toBe('BTC-USDT-SWAP');
    // Kraken pairs are BASE/QUOTE; `-` stands for `/` (paths cannot carry a `/`), and v1 codes map to v2's.
    expect(spell('kraken', 'btc/usd')).toBe('BTC/USD');
    expect(spell('kraken', 'btc-usd')).toBe('BTC/USD');
    expect(spell('kraken', 'XBT/EUR')).toBe('BTC/EUR');
    expect(spell('kraken', 'xdg-usd')).toBe('DOGE/USD');
    // Bybit symbols are upper case; dated futures keep their dash.
    expect(spell('bybit-linear', 'btcusdt')).toBe('BTCUSDT');
    expect(spell('bybit-inverse', 'btc-26dec25')).toBe('BTC-26DEC25');
    // Coinbase product ids keep their dash, as OKX's do.
    expect(spell('coinbase', ' btc-usd ')).toBe('BTC-USD');
  });

  it('refuses a symbol of another venue with a message naming the venue and its spelling', () => {
    expect(spell('okx', 'BTCUSDT')).toBe('error: "BTCUSDT" is not an OKX instrument id (expected e.g. BTC-USDT, BTC-USDT-SWAP, BTC-USD-251226, BTC-USD-251226-100000-C)');
    expect(spell('kraken', 'BTCUSD')).toBe('error: "BTCUSD" is not a Kraken pair (BASE/QUOTE, e.g. BTC/USD)');
    expect(spell('bybit-spot', 'BTC/USDT')).toBe('error: "BTC/USDT" is not a Bybit symbol (expected e.g. BTCUSDT, BTCPERP, BTC-26DEC25, BTCUSD)');
    expect(spell('coinbase', 'BTCUSD')).toBe('error: "BTCUSD" is not a Coinbase product id such as BTC-USD');
    expect(spell('binance-spot', 'BTC-USDT')).toBe('error: "BTC-USDT" is not a binance-spot symbol (expected something like BTCUSDT)');
  });

  it('takes snapshot limits only where snapshots come over REST, channels only on OKX, book depths on Kraken and Bybit', () => {
    const takes = (name: string) => {
      const o = venueOf(name as never).options;
      return [o.restSnapshots !== undefined, o.channels?.values, o.bookDepths?.values];
    };
    expect(takes('binance-spot')).toEqual([true, undefined, undefined]);
    expect(takes('okx')).toEqual([false, ['books-l2-tbt', 'books'], undefined]);
    expect(takes('kraken')).toEqual([false, undefined, [10, 25, 100, 500, 1000]]);
    expect(takes('bybit-spot')).toEqual([false, undefined, [1, 50, 200, 1000]]);
    expect(takes('coinbase')).toEqual([false, undefined, undefined]);
    expect(venueOf('okx').options.channels?.default).toBe('books');
    expect(venueOf('kraken').options.bookDepths?.default).toBe(1000);
    expect(venueOf('bybit-inverse').options.bookDepths?.default).toBe(200);
  });

  it("keeps Kraken's WebSocket path, which picks the protocol, and refuses one that picks none", () => {
    const kraken = venueOf('kraken');
    expect(kraken.endpointUrls).toBe('as-given');
    expect(kraken.endpoints.wsUrl).toBe('wss://ws.kraken.com/v2');
    expect(kraken.checkUrl?.('ws', 'ws://127.0.0.1:9000/v2')).toBeUndefined();
    expect(kraken.checkUrl?.('ws', 'ws://127.0.0.1:9000')).toBeUndefined();
    expect(kraken.checkUrl?.('ws', 'ws://127.0.0.1:9000/v3')).toMatch(/Kraken serves v2 on a path ending in \/v2 and v1 on no path/);
    expect(venueOf('binance-spot').endpointUrls).toBe('base');
  });
});
