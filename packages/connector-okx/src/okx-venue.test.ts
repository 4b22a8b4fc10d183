import { ConfigError } from '@lob/core';
import { describe, expect, it } from '@jest/globals';
import { OKX_INST_ID_EXAMPLES, OKX_VENUE, isOkxBookChannel, normalizeInstId } from './okx-venue.js';

describe('normalizeInstId', () => {
  it.each([
    ['btc-usdt', 'BTC-USDT'],
    [' Btc-Usdt-Swap ', 'BTC-USDT-SWAP'],
    ['btc-usd-251226', 'BTC-USD-251226'],
    ['btc-usd-251226-100000-c', 'BTC-USD-251226-100000-C'],
    ['eth-usd-220429-1900-p', 'ETH-USD-220429-1900-P'],
    ['1inch-usdt', '1INCH-USDT'],
  ])('%s → %s', (raw, instId) => {
    expect(normalizeInstId(raw)).toBe(instId);
  });

  it('accepts its own examples', () => {
    for (const example of OKX_INST_ID_EXAMPLES) expect(normalizeInstId(example)).toBe(example);
  });

  it.each(['BTCUSDT', 'btc_usdt', 'BTC-', '-USDT', 'BTC-USDT-PERP', 'BTC-USD-251326', 'BTC-USD-251232', 'BTC-USD-251226-100000', 'BTC-USD-251226-100000-X', 'BTC-USD-251226--C', 'BTC--USDT', ''])(
    'refuses %j with a ConfigError',
    (raw) => {
      expect(() => normalizeInstId(raw)).toThrow(ConfigError);
    },
  );
});

describe('OKX_VENUE', () => {
  it('keeps 400 levels on both book channels and says the window is exchange-maintained', () => {
    expect(OKX_VENUE.channels['books-l2-tbt'].levels).toBe(400);
    expect(OKX_VENUE.channels.books.levels).toBe(400);
    expect(OKX_VENUE.depthWindow).toEqual({ kind: 'exchange-maintained' });
  });

  it('pings before OKX drops an idle connection', () => {
    expect(OKX_VENUE.keepalive.idleBeforePingMs).toBeLessThan(OKX_VENUE.keepalive.serverIdleCloseMs);
  });

  it('tells book channels from others', () => {
    expect(isOkxBookChannel('books')).toBe(true);
    expect(isOkxBookChannel('books5')).toBe(false);
    expect(isOkxBookChannel(OKX_VENUE.defaultChannel)).toBe(true);
  });
});
