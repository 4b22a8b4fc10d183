import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@lob/core';
import { describe, expect, it } from '@jest/globals';
import { loadConfigFile } from './load-config.js';
import { invocationDir, loadSettings, resolveSettings } from './settings.js';
import { configSchema } from './schema.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/config/${name}`, import.meta.url));

describe('settings: config.toml merged with flags', () => {
  it('runs binance-spot BTCUSDT and ETHUSDT against live Binance when there is no config and no flag', () => {
    const settings = resolveSettings({}, undefined);
    expect(settings.markets).toEqual([
      { exchange: 'binance', market: 'binance-spot', symbols: ['BTCUSDT', 'ETHUSDT'], book: 'packed', depth: 10, snapshotLimit: 1000 },
    ]);
    expect(settings).toMatchObject({ json: false, logLevel: 'info', view: 'panels' });
    expect(settings.http).toBeUndefined();
    expect(settings.demo).toBeUndefined();
  });

  it('keeps every market of a config, with table values over top-level defaults', async () => {
    const config = await loadConfigFile(fixture('multi-market.toml'));
    const settings = resolveSettings({}, config, 'multi-market.toml');
    expect(settings.markets).toEqual([
      { exchange: 'binance', market: 'binance-spot', symbols: ['BTCUSDT', 'ETHUSDT'], book: 'rbtree', depth: 8, snapshotLimit: 1000 },
      { exchange: 'binance', market: 'binance-coinm', symbols: ['BTCUSD_PERP'], book: 'btree', depth: 8, snapshotLimit: 500, speed: '250ms' },
    ]);
    expect(settings.http).toEqual({ host: '127.0.0.1', port: 0 });
  });

  it('lets flags override the config', async () => {
    const config = await loadConfigFile(fixture('multi-market.toml'));
    const settings = resolveSettings({ book: 'btree', depth: 3, snapshotLimit: 100, logLevel: 'debug', json: true }, config);
    expect(settings.markets.map((m) => [m.book, m.depth, m.snapshotLimit])).toEqual([
      ['btree', 3, 100],
      ['btree', 3, 100],
    ]);
    expect(settings).toMatchObject({ logLevel: 'debug', json: true });
  });

  it('takes the terminal layout from view in the config, and from --view over it', () => {
    const exchanges = [{ name: 'binance', market: 'spot', symbols: ['BTCUSDT'] }];
    const config = configSchema.parse({ view: 'ladder', exchanges });
    expect(resolveSettings({}, config).view).toBe('ladder');
    expect(resolveSettings({ view: 'lines' }, config).view).toBe('lines');
    expect(configSchema.safeParse({ view: 'grid', exchanges }).success).toBe(false);
  });

  it('runs the feeds in the main thread unless workers in the config or --workers over it say otherwise', () => {
    const exchanges = [{ name: 'binance', market: 'spot', symbols: ['BTCUSDT'] }];
    expect(resolveSettings({}, undefined).workers).toBe(1);
    const config = configSchema.parse({ workers: 3, exchanges });
    expect(resolveSettings({}, config).workers).toBe(3);
    expect(resolveSettings({ workers: 2 }, config).workers).toBe(2);
    expect(configSchema.safeParse({ workers: 0, exchanges }).success).toBe(false);
  });

  it('makes --pairs choose one market, case-insensitively and without duplicates', async () => {
    const config = await loadConfigFile(fixture('multi-market.toml'));
    expect(resolveSettings({ pairs: ['solusdt', 'SOLUSDT', 'bnbusdt'] }, config).markets).toEqual([
      { exchange: 'binance', market: 'binance-spot', symbols: ['SOLUSDT', 'BNBUSDT'], book: 'rbtree', depth: 8, snapshotLimit: 1000 },
    ]);
    expect(resolveSettings({ market: 'binance-coinm' }, config).markets).toEqual([
      { exchange: 'binance', market: 'binance-coinm', symbols: ['BTCUSD_PERP'], book: 'btree', depth: 8, snapshotLimit: 500, speed: '250ms' },
    ]);
    expect(resolveSettings({ market: 'binance-usdm' }, config).markets[0]?.symbols).toEqual(['BTCUSDT', 'ETHUSDT']);
  });

  it('reads the Rust builder endpoints as base URLs and their futures hosts as USD-M', async () => {
    const config = await loadConfigFile(fixture('rust-builder.toml'));
    const settings = resolveSettings({}, config);
    expect(settings.markets.map((m) => [m.market, m.restUrl, m.wsUrl, m.symbols])).toEqual([
      ['binance-spot', 'https://api.binance.com', 'wss://stream.binance.com:9443', ['BTCUSDT', 'ETHUSDT']],
      ['binance-usdm', 'https://fapi.binance.com', 'wss://fstream.binance.com', ['BTCUSDT']],
    ]);
    expect(settings.notes).toContain("rest_endpoint: using https://api.binance.com (the connector adds each market's paths itself)");
  });

  it('takes --min-exact-depth for every market, and leaves the default (half the snapshot) to the feed', () => {
    expect(resolveSettings({ market: 'binance-spot', snapshotLimit: 100, minExactDepth: 80 }, undefined).markets[0]).toMatchObject({ snapshotLimit: 100, minExactDepth: 80 });
    expect(resolveSettings({ market: 'binance-spot' }, undefined).markets[0]?.minExactDepth).toBeUndefined();
  });

  it('takes --rest-url and --ws-url for the one market chosen', () => {
    const settings = resolveSettings({ market: 'binance-usdm', restUrl: 'http://127.0.0.1:9000', wsUrl: 'ws://127.0.0.1:9001/' }, undefined);
    expect(settings.markets[0]).toMatchObject({ market: 'binance-usdm', restUrl: 'http://127.0.0.1:9000', wsUrl: 'ws://127.0.0.1:9001' });
  });

  it('rejects flags that do not fit, naming the flag', async () => {
    const config = await loadConfigFile(fixture('multi-market.toml'));
    const cases: [Parameters<typeof resolveSettings>[0], string, string][] = [
      [{ restUrl: 'http://127.0.0.1:1' }, '--rest-url', '--rest-url and --ws-url point at one venue; choose it with --market'],
      [{ market: 'binance-spot', demo: true, wsUrl: 'ws://127.0.0.1:1' }, '--ws-url', '--demo runs its own simulator: leave out --rest-url and --ws-url'],
      [{ market: 'binance-coinm', pairs: ['btcusdt'] }, '--pairs', '--pairs: "btcusdt" is not a binance-coinm symbol (expected something like BTCUSD_PERP or BTCUSD_260626)'],
      [{ market: 'binance-usdm', snapshotLimit: 300 }, '--snapshot-limit', '--snapshot-limit: binance-usdm snapshot limit must be one of 5, 10, 20, 50, 100, 500, 1000, got 300'],
      [{ market: 'binance-spot', snapshotLimit: 100, minExactDepth: 101 }, '--min-exact-depth', '--min-exact-depth: 101 is more than the 100 levels a snapshot asks for'],
      [{ market: 'binance-spot', restUrl: 'ftp://x' }, '--rest-url', '--rest-url: expected a http:// or https:// URL, got "ftp://x"'],
    ];
    for (const [flags, key, message] of cases) {
      let error: unknown;
      try {
        resolveSettings(flags, config);
      } catch (e) {
        error = e;
      }
      expect([key, error instanceof ConfigError]).toEqual([key, true]);
      expect((error as ConfigError).location.key).toBe(key);
      expect((error as ConfigError).message).toBe(message);
    }
  });

  it('sets demo mode with its fault cadence and seed', () => {
    expect(resolveSettings({ demo: true, demoFaultEvery: 0, demoSeed: 7 }, undefined).demo).toEqual({ faultEveryTicks: 0, seed: 7 });
    expect(resolveSettings({ demo: true }, undefined).demo?.faultEveryTicks).toBe(50);
  });

  it('finds ./config.toml where the user ran the command, and insists on a --config that is missing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lob-settings-'));
    expect((await loadSettings({}, dir)).configFile).toBeUndefined();
    await writeFile(path.join(dir, 'config.toml'), '[[exchanges]]\nname = "binance"\nsymbols = ["xrpusdt"]\n');
    const settings = await loadSettings({}, dir);
    expect(settings.configFile).toBe(path.join(dir, 'config.toml'));
    expect(settings.markets[0]?.symbols).toEqual(['XRPUSDT']);
    await expect(loadSettings({ config: 'other.toml' }, dir)).rejects.toThrow(`${path.join(dir, 'other.toml')}: cannot read the config file`);
  });

  it('resolves paths from where the user ran the command, also under Nx and npm', () => {
    expect(invocationDir({}, '/repo')).toBe('/repo');
    expect(invocationDir({ INIT_CWD: '/home/me' }, '/repo/apps/cli')).toBe('/home/me');
    expect(invocationDir({ npm_lifecycle_event: 'serve', NX_WORKSPACE_ROOT: '/repo', INIT_CWD: '/repo/apps/cli' }, '/repo/apps/cli')).toBe('/repo');
  });
});
