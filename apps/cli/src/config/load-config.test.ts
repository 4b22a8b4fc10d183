import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@lob/core';
import { describe, expect, it } from '@jest/globals';
import { loadConfigFile, parseConfig } from './load-config.js';
import { resolveSettings } from './settings.js';

const fixtures = fileURLToPath(new URL('../fixtures/config/', import.meta.url));
const fixture = (name: string): string => path.join(fixtures, name);

async function configError(file: string): Promise<ConfigError> {
  try {
    await loadConfigFile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`${file} was accepted`);
}

describe('config.toml loading', () => {
  it('accepts the original Rust builder config file as it is', async () => {
    const config = await loadConfigFile(fixture('rust-builder.toml'));
    expect(config.exchanges).toEqual([
      {
        name: 'binance',
        ws_endpoint: 'wss://stream.binance.com:9443/ws',
        rest_endpoint: 'https://api.binance.com/api/v3',
        symbols: ['BTCUSDT', 'ETHUSDT'],
      },
      {
        name: 'binance',
        ws_endpoint: 'wss://fstream.binance.com/ws',
        rest_endpoint: 'https://fapi.binance.com/fapi/v1',
        symbols: ['btcusdt'],
      },
    ]);
  });

  it('accepts the example config.toml at the repository root', async () => {
    const config = await loadConfigFile(fileURLToPath(new URL('../../../../config.toml', import.meta.url)));
    expect(config.exchanges[0]?.symbols).toEqual(['BTCUSDT', 'ETHUSDT']);
  });

  it('accepts the example config.toml with every commented table and key switched on: every venue at once', async () => {
    const example = await readFile(fileURLToPath(new URL('../../../../config.toml', import.meta.url)), 'utf8');
    const all = example.replace(/^# (?=\[\[exchanges\]\]|[a-z_]+ = )/gm, '');
    const settings = resolveSettings({}, parseConfig(all, 'config.toml'));
    expect(settings.markets.map((m) => [m.market, m.symbols])).toEqual([
      ['binance-spot', ['BTCUSDT', 'ETHUSDT']],
      ['binance-usdm', ['BTCUSDT']],
      ['okx', ['BTC-USDT', 'BTC-USDT-SWAP']],
      ['kraken', ['BTC/USD', 'ETH/USD']],
    ]);
  });

  it('reports a TOML syntax error with file, line and column and shows the offending lines', async () => {
    const error = await configError(fixture('broken-syntax.toml'));
    expect(error.reason).toBe('syntax');
    expect(error.location).toEqual({ file: fixture('broken-syntax.toml'), line: 4, column: 1 });
    expect(error.message).toContain(`${fixture('broken-syntax.toml')}:4:1: TOML syntax error:`);
    expect(error.message).toContain('3:  symbols = ["BTCUSDT", "ETHUSDT"');
  });

  it('rejects an unknown key, naming it, its line, and the key that was probably meant', async () => {
    const error = await configError(fixture('unknown-key.toml'));
    expect(error.reason).toBe('unknown-key');
    expect(error.location).toMatchObject({ key: 'exchanges[1].symbol', line: 10, column: 1 });
    expect(error.message.split('\n')[0]).toBe(
      `${fixture('unknown-key.toml')}:10: exchanges[1].symbol: unknown key (did you mean "symbols"?); ` +
        'known keys here: name, market, symbols, ws_endpoint, rest_endpoint, book, depth, snapshot_limit, min_exact_depth, speed, channel, book_depth',
    );
    // The misspelt key also leaves the table without symbols: that is reported too, at the table's header.
    expect(error.message).toContain(':7: exchanges[1].symbols: required key is missing (expected an array)');
  });

  it('rejects a symbol of the wrong shape, naming the element and the line it is on', async () => {
    const error = await configError(fixture('bad-symbol.toml'));
    expect(error.reason).toBe('invalid-value');
    expect(error.location).toMatchObject({ key: 'exchanges[0].symbols[1]', line: 6, column: 3 });
    expect(error.message).toBe(
      `${fixture('bad-symbol.toml')}:6: exchanges[0].symbols[1]: "ETH-USD" is not a binance-coinm symbol (expected something like BTCUSD_PERP or BTCUSD_260626)`,
    );
  });

  it('rejects an unknown market, listing the valid ones', async () => {
    const error = await configError(fixture('bad-market.toml'));
    expect(error.location).toMatchObject({ key: 'exchanges[0].market', line: 4 });
    expect(error.message).toBe(`${fixture('bad-market.toml')}:4: exchanges[0].market: expected one of "binance-spot", "spot", "binance-usdm", "usdm", "binance-coinm", "coinm", "okx", "kraken", "bybit-spot", "bybit-linear", "bybit-inverse", "coinbase", got "margin"`);
  });

  it('reports every bad value at once, each with its own line', async () => {
    const error = await configError(fixture('bad-values.toml'));
    const lines = error.message.split('\n').map((l) => l.slice(fixture('bad-values.toml').length));
    expect(lines).toEqual([
      ':1: log_level: expected one of "fatal", "error", "warn", "info", "debug", "trace", "silent", got "loud"',
      ':2: depth: must be at least 1, got 0',
      ':4: exchanges[0].symbols: required key is missing (expected an array)',
      ':5: exchanges[0].name: expected one of "binance", "okx", "kraken", "bybit", "coinbase" or a venue name, got "bitmex"',
    ]);
  });

  it('rejects two tables for the same market, pointing at the second', async () => {
    const error = await configError(fixture('duplicate-market.toml'));
    expect(error.location).toMatchObject({ key: 'exchanges[1].name', line: 6 });
    expect(error.message).toContain('binance-spot is already configured by exchanges[0]');
  });

  it('checks the snapshot limit against what the market accepts', () => {
    expect(() => parseConfig('[[exchanges]]\nname = "binance"\nmarket = "usdm"\nsymbols = ["BTCUSDT"]\nsnapshot_limit = 300\n', 'x.toml')).toThrow(
      'x.toml:5: exchanges[0].snapshot_limit: binance-usdm snapshot limit must be one of 5, 10, 20, 50, 100, 500, 1000, got 300',
    );
  });

  it('says when the file cannot be read', async () => {
    const error = await configError(fixture('missing.toml'));
    expect(error.reason).toBe('unreadable');
    expect(error.message).toBe(`${fixture('missing.toml')}: cannot read the config file (no such file)`);
  });

  it('keeps the line numbers of a file that starts with a byte-order mark', () => {
    const text = '[[exchanges]]\nname = "binance"\nmarket = "nope"\nsymbols = ["btcusdt"]\n';
    const without = configErrorOf(() => parseConfig(text, 'c.toml'));
    const withBom = configErrorOf(() => parseConfig(`\uFEFF${text}`, 'c.toml'));
    expect(withBom.message).toBe(without.message);
    expect(withBom.message).toMatch(/^c\.toml:3: exchanges\[0\]\.market: /);
  });

  it('cuts and escapes a long or control-character value it quotes', () => {
    const error = configErrorOf(() => parseConfig(`[[exchanges]]\nname = "binance"\nmarket = "${'x'.repeat(5000)}\\u001b"\nsymbols = ["btcusdt"]\n`, 'c.toml'));
    expect(error.message).not.toContain('\u001b');
    expect(error.message).toContain('… (5001 characters)');
    expect(error.message.length).toBeLessThan(500);
  });
});

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
