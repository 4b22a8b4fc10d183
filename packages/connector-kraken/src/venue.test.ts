import { ConfigError } from '@lob/core';
import { createChunkedBook } from '@lob/book-chunked';
import { describe, expect, it } from '@jest/globals';
import { plainDecimalFromNumberText, withFractionDigits } from './decimal-text.js';
import { KRAKEN_SPOT, isKrakenBookDepth, pingRequest, protocolOfUrl, resyncRequests, subscribeRequest } from './kraken-venue.js';
import { normalizePair, pairFromWire, wirePair } from './pairs.js';
import { trimToDepth } from '@lob/core';

describe('Kraken venue spec', () => {
  it('picks the protocol from the URL path as Kraken lays out its endpoints', () => {
    expect(protocolOfUrl(KRAKEN_SPOT.wsUrlV2)).toBe('v2');
    expect(protocolOfUrl(KRAKEN_SPOT.wsUrlV1)).toBe('v1');
    expect(protocolOfUrl('ws://127.0.0.1:9000/')).toBe('v1');
    expect(protocolOfUrl('ws://127.0.0.1:9000/v2/')).toBe('v2');
    for (const bad of ['wss://ws.kraken.com/v3', 'https://ws.kraken.com/v2', 'not a url']) expect(() => protocolOfUrl(bad)).toThrow(ConfigError);
  });

  it('offers depths 10, 25, 100, 500, 1000 and defaults to 1000', () => {
    expect(KRAKEN_SPOT.depths).toEqual([10, 25, 100, 500, 1000]);
    expect(KRAKEN_SPOT.defaultDepth).toBe(1000);
    expect(isKrakenBookDepth(50)).toBe(false);
  });

  it('writes subscribe, resync (unsubscribe then subscribe) and ping requests per protocol', () => {
    expect(JSON.parse(subscribeRequest('v2', ['BTC/USD', 'DOGE/EUR'], 1000))).toEqual({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD', 'DOGE/EUR'], depth: 1000, snapshot: true } });
    expect(JSON.parse(subscribeRequest('v1', ['BTC/USD', 'DOGE/EUR'], 25))).toEqual({ event: 'subscribe', pair: ['XBT/USD', 'XDG/EUR'], subscription: { name: 'book', depth: 25 } });
    expect(resyncRequests('v1', 'BTC/USD', 10).map((r) => (JSON.parse(r) as { event: string }).event)).toEqual(['unsubscribe', 'subscribe']);
    expect(resyncRequests('v2', 'BTC/USD', 10).map((r) => (JSON.parse(r) as { method: string }).method)).toEqual(['unsubscribe', 'subscribe']);
    expect(pingRequest('v2')).toBe('{"method":"ping"}');
    expect(pingRequest('v1')).toBe('{"event":"ping"}');
  });
});

describe('pair names', () => {
  it('normalizes any case, "-" or "/", and v1 codes to v2 spelling', () => {
    expect(normalizePair('btc-usd')).toBe('BTC/USD');
    expect(normalizePair('XBT/usd')).toBe('BTC/USD');
    expect(normalizePair('xdg/eur')).toBe('DOGE/EUR');
    expect(normalizePair('eth2.s/eth')).toBe('ETH2.S/ETH');
    for (const bad of ['BTCUSD', 'BTC//USD', 'BTC/USD/EUR', '', 'BTC/US D', '/USD']) expect(() => normalizePair(bad)).toThrow(ConfigError);
  });

  it('maps XBT↔BTC and XDG↔DOGE between v1 wire names and lob names', () => {
    expect(wirePair('BTC/USD', 'v1')).toBe('XBT/USD');
    expect(wirePair('DOGE/BTC', 'v1')).toBe('XDG/XBT');
    expect(wirePair('BTC/USD', 'v2')).toBe('BTC/USD');
    expect(pairFromWire('KSM/XBT', 'v1')).toBe('KSM/BTC');
  });

  it("keeps an asset named like an object's property as it is (found by the scanner's property test)", () => {
    expect(pairFromWire('valueOf/constructor', 'v1')).toBe('valueOf/constructor');
    expect(wirePair('toString/__proto__', 'v1')).toBe('toString/__proto__');
  });
});

describe('decimal text', () => {
  it('spells JSON number text out exactly', () => {
    expect(plainDecimalFromNumberText('45285.2')).toBe('45285.2');
    expect(plainDecimalFromNumberText('1.5e-7')).toBe('0.00000015');
    expect(plainDecimalFromNumberText('1.25E+3')).toBe('1250');
    expect(plainDecimalFromNumberText('12e1')).toBe('120');
    expect(plainDecimalFromNumberText('-1')).toBeUndefined();
  });

  it('pads to a precision and refuses to drop a digit', () => {
    expect(withFractionDigits('0.001', 8)).toBe('0.00100000');
    expect(withFractionDigits('7', 2)).toBe('7.00');
    expect(withFractionDigits('1.50', 1)).toBe('1.5');
    expect(withFractionDigits('1.55', 1)).toBeUndefined();
  });
});

describe('depth window', () => {
  it('keeps the best N levels per side', () => {
    const book = createChunkedBook();
    book.reset([['10', '1'], ['9', '1'], ['8', '1']], [['11', '1'], ['12', '1']]);
    expect(trimToDepth(book, 2)).toBe(1);
    expect([...book.levels('bid')]).toEqual([['10', '1'], ['9', '1']]);
    expect([...book.levels('ask')]).toEqual([['11', '1'], ['12', '1']]);
  });
});
