import { describe, expect, it } from '@jest/globals';
import { ShardError } from './errors.js';
import { inStaticShard, parseStaticShard } from './static-shard.js';

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

  it('reads i/n with 1 <= i <= n', () => {
    expect(parseStaticShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseStaticShard('1/1')).toEqual({ index: 1, count: 1 });
  });

  it.each(['0/3', '4/3', '1/0', 'auto', '1/2/3', ''])('refuses %j with a ShardError', (text) => {
    expect(() => parseStaticShard(text)).toThrow(ShardError);
  });
});
