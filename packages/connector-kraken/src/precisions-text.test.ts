import { describe, expect, it } from '@jest/globals';
import { DecodeError } from '@lob/core';
import { precisionsText, readPrecisionsText } from './precisions-text.js';

describe('precisions text', () => {
  it('reads back exactly the precisions it was written from', () => {
    const precisions = new Map([
      ['BTC/USD', { priceDecimals: 1, lotDecimals: 8 }],
      ['SHIB/EUR', { priceDecimals: 8, lotDecimals: 0 }],
    ]);
    const text = precisionsText(precisions);
    expect(text).toBe('{"krakenPrecisions":{"BTC/USD":[1,8],"SHIB/EUR":[8,0]}}');
    expect(readPrecisionsText(text)).toEqual(precisions);
  });

  it.each(['null', '[]', '{"krakenPrecisions":[]}', '{"krakenPrecisions":{"BTC/USD":[1,-1]}}', '{"krakenPrecisions":{"BTC/USD":[1.5,8]}}'])('refuses %s with DecodeError', (text) => {
    expect(() => readPrecisionsText(text)).toThrow(DecodeError);
  });
});
