import { describe, expect, it } from '@jest/globals';
import { streamUrl } from './stream-client.js';

describe('streamUrl', () => {
  it('asks the server that served the page for the books in depth mode, names escaped', () => {
    expect(streamUrl({ protocol: 'http:', host: '127.0.0.1:8080' }, ['binance-spot:BTCUSDT', 'kraken:BTC/USD'], 50)).toBe(
      'ws://127.0.0.1:8080/stream?symbols=binance-spot%3ABTCUSDT,kraken%3ABTC%2FUSD&mode=depth&depth=50',
    );
  });

  it('uses wss behind https', () => {
    expect(streamUrl({ protocol: 'https:', host: 'lob.example' }, ['okx:BTC-USDT'], 10)).toMatch(/^wss:\/\/lob\.example\/stream\?/);
  });
});
