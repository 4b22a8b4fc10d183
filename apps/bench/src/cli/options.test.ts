import { describe, expect, it } from '@jest/globals';
import { parseOptions } from './options.js';

describe('parseOptions', () => {
  it('reads the three flags in both --filter spellings', () => {
    expect(parseOptions(['--quick', '--filter', 'spot', '--json'])).toEqual({ quick: true, filter: 'spot', json: true, help: false, rounds: 1 });
    expect(parseOptions(['--filter=replay+best'])).toEqual({ quick: false, filter: 'replay+best', json: false, help: false, rounds: 2 });
    expect(parseOptions(['--rounds', '3']).rounds).toBe(3);
    expect(parseOptions(['--quick', '--rounds=2']).rounds).toBe(2);
  });

  it('refuses what it does not know, with the usage', () => {
    expect(() => parseOptions(['--fast'])).toThrow(/unknown argument "--fast"[\s\S]*usage/);
    expect(() => parseOptions(['--filter'])).toThrow(/--filter needs a value/);
    expect(() => parseOptions(['--rounds', '0'])).toThrow(/--rounds needs a whole number/);
  });
});
