import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@lob/core';
import { describe, expect, it } from '@jest/globals';
import { loadConfigFile, parseConfig } from './load-config.js';
import { resolveSettings } from './settings.js';

const fixture = (name: string): string => path.join(fileURLToPath(new URL('../fixtures/config/', import.meta.url)), name);

function thrown(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('accepted');
}

describe('venues in config.toml', () => {
  it('keeps several venues at once, each symbol in its venue spelling, each option where it belongs', async () => {
    const settings = resolveSettings({}, await loadConfigFile(fixture('venues.toml')), 'venues.toml');
    expect(settings.markets).toEqual([
      { exchange: 'binance', market: 'binance-usdm', symbols: ['BTCUSDT'], book: 'packed', depth: 5, snapshotLimit: 500 },
      { exchange: 'okx', market: 'okx', symbols: ['BTC-USDT', 'BTC-USDT-SWAP'], book: 'chunked', depth: 5, channel: 'books' },
      { exchange: 'kraken', market: 'kraken', symbols: ['BTC/USD', 'BTC/EUR'], book: 'chunked', depth: 5, bookDepth: 100, wsUrl: 'ws://127.0.0.1:9000/v2' },
    ]);
  });

  it('gives each venue its own default book unless a flag, a table or the config names one', () => {
    const symbols: Record<string, string> = { 'binance-spot': 'BTCUSDT', 'binance-usdm': 'BTCUSDT', 'binance-coinm': 'BTCUSD_PERP', okx: 'BTC-USDT', kraken: 'BTC/USD', 'bybit-linear': 'BTCUSDT', coinbase: 'BTC-USD' };
    const bookOf = (market: string, table = '', top = '', flags: { book?: 'btree' } = {}): string | undefined =>
      resolveSettings(flags, parseConfig(`${top}[[exchanges]]\nname = "${market}"\nsymbols = ["${symbols[market]}"]\n${table}`, 'x.toml')).markets[0]?.book;
    // Binance's scanner hands levels over as numbers: a book of numbers. Venues that check a checksum read their top
    // after every message: a book of strings.
    for (const market of ['binance-spot', 'binance-usdm', 'binance-coinm']) expect(bookOf(market)).toBe('packed');
    for (const market of ['okx', 'kraken', 'bybit-linear', 'coinbase']) expect(bookOf(market)).toBe('chunked');
    expect(bookOf('binance-spot', 'book = "chunked"\n')).toBe('chunked');
    expect(bookOf('binance-spot', '', 'book = "rbtree"\n')).toBe('rbtree');
    expect(bookOf('okx', 'book = "packed"\n')).toBe('packed');
    expect(bookOf('binance-spot', 'book = "chunked"\n', '', { book: 'btree' })).toBe('btree');
  });

  it('notes where each configured symbol was written, so a later check can name its line', () => {
    const source = '[[exchanges]]\nname = "binance"\nsymbols = [\n  "btcusdt",\n  "ETHUSDT",\n]\n\n[[exchanges]]\nname = "okx"\nsymbols = ["btc-usdt"]\n';
    const config = parseConfig(source, 'x.toml');
    const places = resolveSettings({}, config, 'x.toml', source).symbolPlaces ?? {};
    const lines = Object.fromEntries(
      Object.entries(places).map(([market, bySymbol]) => [market, Object.fromEntries(Object.entries(bySymbol).map(([symbol, p]) => [symbol, `${p.file}:${p.line}: ${p.key}`]))]),
    );
    expect(lines).toEqual({
      'binance-spot': { BTCUSDT: 'x.toml:4: exchanges[0].symbols[0]', ETHUSDT: 'x.toml:5: exchanges[0].symbols[1]' },
      okx: { 'BTC-USDT': 'x.toml:10: exchanges[1].symbols[0]' },
    });
    // Symbols from --pairs were not written in the file.
    expect(resolveSettings({ pairs: ['ethusdt'] }, config, 'x.toml', source).symbolPlaces).toBeUndefined();
  });

  it('takes a venue name or an alias as market, in any case, and a venue name as name', () => {
    const venueOf = (table: string): string | undefined => resolveSettings({}, parseConfig(`[[exchanges]]\n${table}\nsymbols = ["BTCUSDT"]\n`, 'x.toml')).markets[0]?.market;
    expect(venueOf('name = "binance"\nmarket = "Binance-USDM"')).toBe('binance-usdm');
    expect(venueOf('name = "binance"\nmarket = "USDM"')).toBe('binance-usdm');
    expect(venueOf('name = "binance-usdm"')).toBe('binance-usdm');
    expect(venueOf('name = "binance"')).toBe('binance-spot');
    expect(resolveSettings({}, parseConfig('[[exchanges]]\nname = "OKX"\nsymbols = ["eth-usdt"]\n', 'x.toml')).markets[0]).toMatchObject({ market: 'okx', symbols: ['ETH-USDT'] });
  });

  it('takes a Bybit category by market, by venue name or by its WebSocket path, with book_depth as orderbook.{depth}', () => {
    const market = (table: string) => resolveSettings({}, parseConfig(`[[exchanges]]\n${table}\nsymbols = ["btcusdt"]\n`, 'x.toml')).markets[0];
    expect(market('name = "bybit"\nmarket = "bybit-linear"\nbook_depth = 50')).toEqual({
      exchange: 'bybit',
      market: 'bybit-linear',
      symbols: ['BTCUSDT'],
      book: 'chunked',
      depth: 10,
      bookDepth: 50,
    });
    expect(market('name = "Bybit-Spot"')?.market).toBe('bybit-spot');
    expect(market('name = "bybit"\nws_endpoint = "wss://stream.bybit.com/v5/public/inverse"')).toMatchObject({
      market: 'bybit-inverse',
      wsUrl: 'wss://stream.bybit.com/v5/public/inverse',
    });
  });

  it('takes a Coinbase table by its one venue, with no depth option to give', () => {
    const parse = (table: string) => parseConfig(`[[exchanges]]\nname = "coinbase"\nsymbols = ["btc-usd"]\n${table}`, 'x.toml');
    expect(resolveSettings({}, parse('')).markets).toEqual([{ exchange: 'coinbase', market: 'coinbase', symbols: ['BTC-USD'], book: 'chunked', depth: 10 }]);
    expect(thrown(() => parse('book_depth = 50\n')).message).toBe(
      'x.toml:4: exchanges[0].book_depth: coinbase has no book depth to subscribe to (only kraken, bybit-spot, bybit-linear, bybit-inverse do)',
    );
  });

  it('asks which Bybit category a table means rather than guessing, and checks book_depth against the category', () => {
    expect(thrown(() => parseConfig('[[exchanges]]\nname = "bybit"\nsymbols = ["BTCUSDT"]\n', 'x.toml')).message).toBe(
      'x.toml:2: exchanges[0].name: bybit has several markets: say which with market = "bybit-spot", "bybit-linear", "bybit-inverse" (or name the venue itself)',
    );
    const error = thrown(() => parseConfig('[[exchanges]]\nname = "bybit"\nmarket = "bybit-spot"\nsymbols = ["BTCUSDT"]\nbook_depth = 25\n', 'x.toml'));
    expect([error.message, error.location]).toEqual([
      'x.toml:5: exchanges[0].book_depth: bybit-spot subscribes to 1, 50, 200, 1000 levels per side, got 25',
      expect.objectContaining({ key: 'exchanges[0].book_depth', line: 5 }),
    ]);
    expect(thrown(() => parseConfig('[[exchanges]]\nname = "okx"\nmarket = "bybit-linear"\nsymbols = ["BTCUSDT"]\n', 'x.toml')).message).toBe(
      'x.toml:3: exchanges[0].market: bybit-linear is not a market of okx',
    );
  });

  it('reports every venue problem at once, each with its key and line', async () => {
    let error: ConfigError | undefined;
    try {
      await loadConfigFile(fixture('bad-venues.toml'));
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const lines = error!.message.split('\n').map((l) => l.slice(fixture('bad-venues.toml').length));
    expect(lines).toEqual([
      ':3: exchanges[0].symbols[0]: "BTCUSDT" is not an OKX instrument id (expected e.g. BTC-USDT, BTC-USDT-SWAP, BTC-USD-251226, BTC-USD-251226-100000-C)',
      ':4: exchanges[0].snapshot_limit: okx takes its snapshots from the stream and keeps its whole book exact: snapshot_limit does not apply',
      ':8: exchanges[1].market: binance-spot is not a market of kraken',
      ':14: exchanges[2].book_depth: kraken subscribes to 10, 25, 100, 500, 1000 levels per side, got 50',
      ':15: exchanges[2].channel: kraken has no order-book channels to choose (only okx do)',
      ':16: exchanges[2].ws_endpoint: "ws://127.0.0.1:9000/v3": Kraken serves v2 on a path ending in /v2 and v1 on no path',
    ]);
    expect(error!.location).toMatchObject({ key: 'exchanges[0].symbols[0]', line: 3 });
  });

  it('refuses two tables for one venue, also when one names it by its alias', () => {
    const error = thrown(() => parseConfig('[[exchanges]]\nname = "binance"\nsymbols = ["BTCUSDT"]\n\n[[exchanges]]\nname = "binance"\nmarket = "binance-spot"\nsymbols = ["ETHUSDT"]\n', 'x.toml'));
    expect(error.message).toBe('x.toml:7: exchanges[1].market: binance-spot is already configured by exchanges[0]; list all its symbols in one [[exchanges]] table');
  });
});

describe('venues from flags', () => {
  it('takes pairs in the venue spelling of --market, with its defaults', () => {
    expect(resolveSettings({ market: 'kraken', pairs: ['btc-usd', 'ETH/EUR', 'xbt/usd'] }, undefined).markets).toEqual([
      { exchange: 'kraken', market: 'kraken', symbols: ['BTC/USD', 'ETH/EUR'], book: 'chunked', depth: 10 },
    ]);
    expect(resolveSettings({ market: 'okx' }, undefined).markets[0]).toMatchObject({ market: 'okx', symbols: ['BTC-USDT', 'ETH-USDT'] });
    expect(resolveSettings({ market: 'kraken' }, undefined).markets[0]).toMatchObject({ symbols: ['BTC/USD', 'ETH/USD'] });
    expect(resolveSettings({ market: 'coinbase', pairs: ['btc-usd', 'ETH-usd'] }, undefined).markets).toEqual([
      { exchange: 'coinbase', market: 'coinbase', symbols: ['BTC-USD', 'ETH-USD'], book: 'chunked', depth: 10 },
    ]);
    expect(resolveSettings({ market: 'bybit-inverse' }, undefined).markets[0]).toMatchObject({ exchange: 'bybit', symbols: ['BTCUSD', 'ETHUSD'] });
    expect(resolveSettings({ market: 'bybit-linear', pairs: ['btcusdt'], bookDepth: 1000 }, undefined).markets).toEqual([
      { exchange: 'bybit', market: 'bybit-linear', symbols: ['BTCUSDT'], book: 'chunked', depth: 10, bookDepth: 1000 },
    ]);
  });

  it('takes --channel for OKX and --book-depth for Kraken, over the config, and ignores them on the other venues', async () => {
    const config = await loadConfigFile(fixture('venues.toml'));
    const markets = resolveSettings({ channel: 'books-l2-tbt', bookDepth: 1000 }, config).markets;
    expect(markets.map((m) => [m.market, m.channel, m.bookDepth])).toEqual([
      ['binance-usdm', undefined, undefined],
      ['okx', 'books-l2-tbt', undefined],
      ['kraken', undefined, 1000],
    ]);
  });

  it('keeps an OKX or Kraken endpoint whole (its path matters) and a Binance one as a base URL', () => {
    expect(resolveSettings({ market: 'kraken', wsUrl: 'ws://127.0.0.1:9000/v2', restUrl: 'http://127.0.0.1:9001' }, undefined).markets[0]).toMatchObject({
      wsUrl: 'ws://127.0.0.1:9000/v2',
      restUrl: 'http://127.0.0.1:9001',
    });
    expect(resolveSettings({ market: 'okx', wsUrl: 'ws://127.0.0.1:9000/ws/v5/public/' }, undefined).markets[0]?.wsUrl).toBe('ws://127.0.0.1:9000/ws/v5/public');
    expect(resolveSettings({ market: 'binance-spot', wsUrl: 'ws://127.0.0.1:9000/ws' }, undefined).markets[0]?.wsUrl).toBe('ws://127.0.0.1:9000');
  });

  it('rejects a flag or pair that fits no chosen venue, naming the flag and the venue', () => {
    const cases: [Parameters<typeof resolveSettings>[0], string, string][] = [
      [{ market: 'okx', pairs: ['BTCUSDT'] }, '--pairs', '--pairs: "BTCUSDT" is not an OKX instrument id (expected e.g. BTC-USDT, BTC-USDT-SWAP, BTC-USD-251226, BTC-USD-251226-100000-C)'],
      [{ market: 'kraken', pairs: ['btcusd'] }, '--pairs', '--pairs: "btcusd" is not a Kraken pair (BASE/QUOTE, e.g. BTC/USD)'],
      [{ market: 'kraken', channel: 'books' }, '--channel', '--channel: kraken has no order-book channels to choose (only okx do)'],
      [{ market: 'okx', bookDepth: 100 }, '--book-depth', '--book-depth: okx has no book depth to subscribe to (only kraken, bybit-spot, bybit-linear, bybit-inverse do)'],
      [{ market: 'coinbase', bookDepth: 50 }, '--book-depth', '--book-depth: coinbase has no book depth to subscribe to (only kraken, bybit-spot, bybit-linear, bybit-inverse do)'],
      [{ market: 'coinbase', pairs: ['BTCUSD'] }, '--pairs', '--pairs: "BTCUSD" is not a Coinbase product id such as BTC-USD'],
      [{ market: 'bybit-linear', bookDepth: 100 }, '--book-depth', '--book-depth: bybit-linear subscribes to 1, 50, 200, 1000 levels per side, got 100'],
      [{ market: 'bybit-spot', pairs: ['BTC/USDT'] }, '--pairs', '--pairs: "BTC/USDT" is not a Bybit symbol (expected e.g. BTCUSDT, BTCPERP, BTC-26DEC25, BTCUSD)'],
      [{ market: 'okx', snapshotLimit: 100 }, '--snapshot-limit', '--snapshot-limit: okx takes its snapshots from the stream and keeps its whole book exact: snapshot_limit does not apply'],
      [{ market: 'kraken', minExactDepth: 10 }, '--min-exact-depth', '--min-exact-depth: kraken takes its snapshots from the stream and keeps its whole book exact: min_exact_depth does not apply'],
      [{ market: 'kraken', wsUrl: 'ws://127.0.0.1:1/ws' }, '--ws-url', '--ws-url: "ws://127.0.0.1:1/ws": Kraken serves v2 on a path ending in /v2 and v1 on no path'],
    ];
    for (const [flags, key, message] of cases) {
      const error = thrown(() => resolveSettings(flags, undefined));
      expect([key, error.location.key, error.message]).toEqual([key, key, message]);
    }
  });
});
