import { describe, expect, it } from 'vitest';
import { parseOptions } from './options.js';

describe('parseOptions', () => {
  it('reads the three flags in both --filter spellings', () => {
    expect(parseOptions(['--quick', '--filter', 'spot', '--json'])).toEqual({ quick: true, filter: 'spot', json: true, help: false });
    expect(parseOptions(['--filter=replay+best'])).toEqual({ quick: false, filter: 'replay+best', json: false, help: false });
    expect(parseOptions([])).toEqual({ quick: false, filter: undefined, json: false, help: false });
  });

  it('refuses what it does not know, with the usage', () => {
    expect(() => parseOptions(['--fast'])).toThrow(/unknown argument "--fast"[\s\S]*usage/);
    expect(() => parseOptions(['--filter'])).toThrow(/--filter needs a value/);
  });
});
