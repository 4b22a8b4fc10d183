import { describe, expect, it } from '@jest/globals';
import type { Level } from '@lob/core';
import { bookDepthJson, levelsJson } from './book-json.js';
import type { BookDepth } from './book-routes.js';

describe('book answers as JSON', () => {
  const levels: Level[] = [
    ['64999.99000000', '0.00070000'],
    ['64999.5', '12'],
  ];
  const bodies: BookDepth[] = [
    { market: 'binance-spot', symbol: 'BTCUSDT', state: 'live', lastUpdateId: 42, eventTime: 1795593497590, receivedAt: 1795593497597.412, appliedAt: 1795593497597.431, exactDepth: { bids: 2, asks: 0 }, bids: levels, asks: [] },
    { market: 'okx', symbol: 'BTC-USDT-SWAP', state: 'live', lastUpdateId: 7, checksum: -123, eventTime: 1795593497000, receivedAt: 1795593497001.5, appliedAt: 1795593497001.625, exactDepth: { bids: 1, asks: 1 }, bids: levels.slice(0, 1), asks: levels.slice(1) },
    { market: 'kraken', symbol: 'BTC/USD', state: 'resyncing', checksum: 3456789012, eventTime: null, receivedAt: null, appliedAt: null, exactDepth: { bids: 0, asks: 0 }, bids: [], asks: [] },
  ];

  it('writes the documented key order, ids only where the venue has them, levels as exact strings', () => {
    expect(bodies.map(bookDepthJson)).toEqual([
      '{"market":"binance-spot","symbol":"BTCUSDT","state":"live","lastUpdateId":42,"eventTime":1795593497590,"receivedAt":1795593497597.412,"appliedAt":1795593497597.431,"exactDepth":{"bids":2,"asks":0},"bids":[["64999.99000000","0.00070000"],["64999.5","12"]],"asks":[]}',
      '{"market":"okx","symbol":"BTC-USDT-SWAP","state":"live","lastUpdateId":7,"checksum":-123,"eventTime":1795593497000,"receivedAt":1795593497001.5,"appliedAt":1795593497001.625,"exactDepth":{"bids":1,"asks":1},"bids":[["64999.99000000","0.00070000"]],"asks":[["64999.5","12"]]}',
      '{"market":"kraken","symbol":"BTC/USD","state":"resyncing","checksum":3456789012,"eventTime":null,"receivedAt":null,"appliedAt":null,"exactDepth":{"bids":0,"asks":0},"bids":[],"asks":[]}',
    ]);
    for (const body of bodies) expect(JSON.parse(bookDepthJson(body))).toEqual(body);
  });

  it('escapes whatever is not a plain decimal, so no source can break the JSON', () => {
    const odd: Level[] = [['1"]]', 'x\\'], ['2', '3']];
    expect(levelsJson(odd)).toBe(JSON.stringify(odd));
    expect(JSON.parse(levelsJson(odd))).toEqual(odd);
  });
});
