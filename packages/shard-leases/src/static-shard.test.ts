import { describe, expect, it } from '@jest/globals';
import { inStaticShard } from './static-shard.js';

describe('static shards', () => {
  it('puts every symbol in exactly one of n shards', () => {
    const venues = ['binance-spot', 'okx', 'kraken'];
    const syms = Array.from({ length: 50 }, (_, i) => `S${i}`);
    for (const venue of venues) {
      for (const symbol of syms) {
        const owners = [1, 2, 3].filter((index) => inStaticShard({ index, count: 3 }, venue, symbol));
        expect(owners).toHaveLength(1);
      }
    }
  });
});
