import { describe, expect, it } from '@jest/globals';
import { parseShardSpec } from './shard-spec.js';

describe('parseShardSpec', () => {
  it('reads auto in any case', () => {
    expect(parseShardSpec('auto')).toEqual({ shard: { kind: 'auto' } });
    expect(parseShardSpec(' AUTO ')).toEqual({ shard: { kind: 'auto' } });
  });

  it('reads i/n counting from 1', () => {
    expect(parseShardSpec('1/3')).toEqual({ shard: { kind: 'static', index: 1, count: 3 } });
    expect(parseShardSpec('3/3')).toEqual({ shard: { kind: 'static', index: 3, count: 3 } });
  });

  it.each([
    ['0/3', /counts from 1/],
    ['4/3', /counts from 1/],
    ['1/0', /n must be/],
    ['half', /neither auto nor i\/n/],
    ['1/2/3', /neither auto nor i\/n/],
  ])('refuses %j, saying why', (text, why) => {
    const parsed = parseShardSpec(text);
    expect('error' in parsed && parsed.error).toMatch(why);
  });
});
