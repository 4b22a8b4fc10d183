import { describe, expect, it } from '@jest/globals';
import { checkEndpointUrl, checkSnapshotLimit, checkSymbol } from './market-checks.js';
import { createBinanceConnector } from './binance-connector.js';

describe('the one set of Binance market checks', () => {
  it('takes symbols up to the 20 characters Binance REST accepts, suffix included, and no longer', () => {
    expect(checkSymbol('spot', 'a1234567890123456789'.toUpperCase())).toEqual({ symbol: 'A1234567890123456789' });
    expect(checkSymbol('spot', 'A12345678901234567890')).toEqual({ error: '"A12345678901234567890" is not a spot symbol (expected something like BTCUSDT)' });
    expect(checkSymbol('usdm', 'btcusdt_260626')).toEqual({ symbol: 'BTCUSDT_260626' });
    expect('error' in checkSymbol('usdm', 'ABCDEFGHIJKLMN_260626')).toBe(true);
    expect('error' in checkSymbol('coinm', 'BTCUSD')).toBe(true);
  });

  it('is what the connector itself applies', () => {
    const spot = createBinanceConnector({ market: 'spot' });
    expect(() => spot.normalizeSymbol('A12345678901234567890')).toThrow('"A12345678901234567890" is not a spot symbol (expected something like BTCUSDT)');
    expect(() => createBinanceConnector({ market: 'usdm', snapshotLimit: 300 })).toThrow(
      'snapshot_limit: usdm snapshot limit must be one of 5, 10, 20, 50, 100, 500, 1000, got 300',
    );
    expect(() => createBinanceConnector({ market: 'spot', restUrl: 'ftp://x' })).toThrow('rest_url: expected a http:// or https:// URL, got "ftp://x"');
    void spot.close();
  });

  it('accepts spot limits 1..5000 and only the documented futures limits', () => {
    expect([1, 5000].map((n) => checkSnapshotLimit('spot', n))).toEqual([undefined, undefined]);
    expect(checkSnapshotLimit('spot', 5001)).toBe('spot snapshot limit must be an integer from 1 to 5000, got 5001');
    expect(checkSnapshotLimit('coinm', 1000)).toBeUndefined();
    expect(checkSnapshotLimit('coinm', 1)).toBe('coinm snapshot limit must be one of 5, 10, 20, 50, 100, 500, 1000, got 1');
  });

  it('checks a base URL by its scheme for REST or WebSocket', () => {
    expect(checkEndpointUrl('wss://stream.binance.com:9443', 'ws')).toEqual({ url: new URL('wss://stream.binance.com:9443') });
    expect(checkEndpointUrl('https://api.binance.com', 'ws')).toEqual({ error: 'expected a ws:// or wss:// URL, got "https://api.binance.com"' });
    expect(checkEndpointUrl('nope', 'rest')).toEqual({ error: '"nope" is not a URL' });
  });
});
