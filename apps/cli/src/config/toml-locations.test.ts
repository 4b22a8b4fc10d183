import { describe, expect, it } from '@jest/globals';
import { formatKeyPath, locateKey } from './toml-locations.js';

const source = `# comment with [brackets] and = signs
title = "a # not a comment"
multi = """
line
"""
[server]
http = "127.0.0.1:0" # trailing
"quoted key" = 1
dotted.inner = 2

[[exchanges]]
name = "binance"
symbols = [
  "BTCUSDT", # first
  'ETHUSDT',
  "XRPUSDT"
]

[[exchanges]]
name = "binance"
inline = { a = 1, b = [1, 2] }
symbols = ["BTCUSD_PERP", "ETHUSD_PERP"]

[exchanges.extra]
x = 1
`;

describe('locating keys in TOML text', () => {
  it('finds top-level keys, skipping comments and multi-line strings', () => {
    expect(locateKey(source, ['title'])).toEqual({ line: 2, column: 1 });
    expect(locateKey(source, ['multi'])).toEqual({ line: 3, column: 1 });
  });

  it('finds keys inside tables, quoted and dotted keys', () => {
    expect(locateKey(source, ['server'])).toEqual({ line: 6, column: 1 });
    expect(locateKey(source, ['server', 'http'])).toEqual({ line: 7, column: 1 });
    expect(locateKey(source, ['server', 'quoted key'])).toEqual({ line: 8, column: 1 });
    expect(locateKey(source, ['server', 'dotted', 'inner'])).toEqual({ line: 9, column: 1 });
  });

  it('counts [[array]] tables and finds each element of a multi-line array', () => {
    expect(locateKey(source, ['exchanges', 0])).toEqual({ line: 11, column: 1 });
    expect(locateKey(source, ['exchanges', 0, 'symbols', 0])).toEqual({ line: 14, column: 3 });
    expect(locateKey(source, ['exchanges', 0, 'symbols', 1])).toEqual({ line: 15, column: 3 });
    expect(locateKey(source, ['exchanges', 0, 'symbols', 2])).toEqual({ line: 16, column: 3 });
    expect(locateKey(source, ['exchanges', 1, 'symbols', 1])).toEqual({ line: 22, column: 27 });
    expect(locateKey(source, ['exchanges', 1, 'inline', 'b', 1])).toEqual({ line: 21, column: 27 });
  });

  it('resolves a sub-table of the last array element', () => {
    expect(locateKey(source, ['exchanges', 1, 'extra', 'x'])).toEqual({ line: 25, column: 1 });
  });

  it('falls back to the nearest ancestor for a key that is not written', () => {
    expect(locateKey(source, ['exchanges', 1, 'market'])).toEqual({ line: 19, column: 1 });
    expect(locateKey(source, ['nothing'])).toBeUndefined();
  });

  it('formats key paths the way users read them', () => {
    expect(formatKeyPath(['exchanges', 0, 'symbols', 2])).toBe('exchanges[0].symbols[2]');
    expect(formatKeyPath(['server', 'quoted key'])).toBe('server."quoted key"');
  });
});
