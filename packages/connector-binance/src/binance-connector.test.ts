import { BinanceSim } from '@lob/exchange-sim';
import { ConfigError } from '@lob/core';
import { describe, expect, it } from '@jest/globals';
import { BINANCE_DEFAULTS, createBinanceConnector } from './index.js';
import { combinedStreamPlan } from './stream-client.js';

describe('Binance endpoints', () => {
  it('defaults to the live endpoints of each market', () => {
    expect(BINANCE_DEFAULTS).toEqual({
      spot: { restUrl: 'https://api.binance.com', wsUrl: 'wss://stream.binance.com:9443' },
      usdm: { restUrl: 'https://fapi.binance.com', wsUrl: 'wss://fstream.binance.com' },
      coinm: { restUrl: 'https://dapi.binance.com', wsUrl: 'wss://dstream.binance.com' },
    });
  });

  it.each([
    ['spot', 'BTCUSDT', 'wss://stream.binance.com:9443/stream', 'btcusdt@depth@100ms', '/api/v3/depth'],
    ['usdm', 'BTCUSDT', 'wss://fstream.binance.com/public/stream', 'btcusdt@depth@100ms', '/fapi/v1/depth'],
    ['coinm', 'BTCUSD_PERP', 'wss://dstream.binance.com/stream', 'btcusd_perp@depth@100ms', '/dapi/v1/depth'],
  ] as const)('%s subscribes lowercase stream names on its own route and snapshots from its own path', (market, symbol, url, stream, path) => {
    const connector = createBinanceConnector({ market });
    expect(combinedStreamPlan(connector.streamOptions([symbol]))).toEqual({ url, subscribeLater: [stream] });
    expect(connector.spec.depthPath).toBe(path);
    void connector.close();
  });

  it('carries the market name it is given (a venue name), keeping the Binance market for everything else', () => {
    const named = createBinanceConnector({ market: 'usdm', venue: 'binance-usdm' });
    expect(named.market).toBe('binance-usdm');
    expect(named.spec.market).toBe('usdm');
    expect(named.spec.depthPath).toBe('/fapi/v1/depth');
    void named.close();
    const plain = createBinanceConnector({ market: 'usdm' });
    expect(plain.market).toBe('usdm');
    void plain.close();
  });

  it('names no stream in the URL, so one unknown symbol cannot get the whole connection refused', () => {
    const connector = createBinanceConnector({ market: 'spot' });
    const plan = combinedStreamPlan(connector.streamOptions(['BTCUSDT', 'NOPEUSDT', 'ETHUSDT']));
    expect(plan).toEqual({ url: 'wss://stream.binance.com:9443/stream', subscribeLater: ['btcusdt@depth@100ms', 'nopeusdt@depth@100ms', 'ethusdt@depth@100ms'] });
    void connector.close();
  });

  it('appends market paths to configured base URLs, with or without a trailing slash', () => {
    const connector = createBinanceConnector({ market: 'usdm', restUrl: 'http://127.0.0.1:9000/', wsUrl: 'ws://127.0.0.1:9001/' });
    expect(connector.restUrl).toBe('http://127.0.0.1:9000');
    expect(combinedStreamPlan(connector.streamOptions(['ETHUSDT'])).url).toBe('ws://127.0.0.1:9001/public/stream');
    void connector.close();
  });

  it('names the first 100 streams in the URL and subscribes to the rest once connected', () => {
    const streams = Array.from({ length: 250 }, (_, i) => `s${i}usdt@depth@100ms`);
    const plan = combinedStreamPlan({ baseUrl: 'ws://127.0.0.1:1', streams });
    expect(plan.url.split('/').length - 3).toBe(100);
    expect(plan.subscribeLater).toEqual(streams.slice(100));
  });

  it.each([
    ['spot', '1000ms', 'btcusdt@depth'],
    ['spot', '100ms', 'btcusdt@depth@100ms'],
    ['usdm', '250ms', 'btcusdt@depth'],
    ['usdm', '500ms', 'btcusdt@depth@500ms'],
  ] as const)('%s speed %s streams %s', (market, speed, stream) => {
    const connector = createBinanceConnector({ market, speed });
    expect(connector.streamOptions(['BTCUSDT']).streams).toEqual([stream]);
    void connector.close();
  });
});

describe('used-weight probe', () => {
  it.each([
    ['spot', '/api/v3/ping', 'BTCUSDT'],
    ['usdm', '/fapi/v1/ping', 'BTCUSDT'],
    ['coinm', '/dapi/v1/ping', 'BTCUSD_PERP'],
  ] as const)("%s asks %s (weight 1) for the exchange's figure and clock", async (market, pingPath, symbol) => {
    const sim = await BinanceSim.start({ market, symbols: [{ symbol, levelsPerSide: 10 }], autoTick: false });
    const connector = createBinanceConnector({ market, restUrl: sim.restUrl, wsUrl: sim.wsUrl });
    try {
      expect(connector.spec.pingPath).toBe(pingPath);
      sim.moveClockToMinuteEnd(50_000);
      sim.useWeight(7);
      const report = await connector.snapshots.probeUsedWeight(new AbortController().signal);
      expect(report.usedWeight).toBe(8);
      expect(Math.abs(sim.now() - report.serverTime!)).toBeLessThan(2_000);
    } finally {
      await connector.close();
      await sim.close();
    }
  });
});

describe('Binance limits', () => {
  it.each([
    ['spot', 1, 5], ['spot', 100, 5], ['spot', 101, 25], ['spot', 500, 25], ['spot', 501, 50], ['spot', 1000, 50], ['spot', 1001, 250], ['spot', 5000, 250],
    ['usdm', 5, 2], ['usdm', 50, 2], ['usdm', 100, 5], ['usdm', 500, 10], ['usdm', 1000, 20], ['coinm', 1000, 20],
  ] as const)('%s snapshot of %i levels weighs %i', (market, snapshotLimit, weight) => {
    const connector = createBinanceConnector({ market, snapshotLimit });
    expect(connector.snapshots.snapshotWeight).toBe(weight);
    void connector.close();
  });

  it('uses 6000 per minute on spot and 2400 on futures, overridable', () => {
    expect(createBinanceConnector({ market: 'spot' }).snapshots.weightBudget).toEqual({ limit: 6000, windowMs: 60_000 });
    expect(createBinanceConnector({ market: 'usdm' }).snapshots.weightBudget.limit).toBe(2400);
    expect(createBinanceConnector({ market: 'usdm', weightPerMinute: 1200 }).snapshots.weightBudget.limit).toBe(1200);
  });

  it('carries 1024 symbols per connection on spot and 200 on futures', () => {
    expect(createBinanceConnector({ market: 'spot' }).maxSymbolsPerConnection).toBe(1024);
    expect(createBinanceConnector({ market: 'coinm' }).maxSymbolsPerConnection).toBe(200);
    expect(createBinanceConnector({ market: 'spot', maxSymbolsPerConnection: 5000 }).maxSymbolsPerConnection).toBe(1024);
  });

  it.each([
    ['spot', 0], ['spot', 5001], ['usdm', 200], ['coinm', 5000],
  ] as const)('rejects a %s snapshot limit of %i with a ConfigError naming the key', (market, snapshotLimit) => {
    expect(() => createBinanceConnector({ market, snapshotLimit })).toThrow(expect.objectContaining({ reason: 'invalid-value', location: { key: 'snapshot_limit' } }));
  });

  it('rejects unknown markets, speeds and URLs', () => {
    expect(() => createBinanceConnector({ market: 'margin' as 'spot' })).toThrow(ConfigError);
    expect(() => createBinanceConnector({ market: 'spot', speed: '250ms' })).toThrow(/speed 250ms/);
    // Not in Binance's documented futures speeds (100ms, 250ms, 500ms).
    expect(() => createBinanceConnector({ market: 'usdm', speed: '0ms' })).toThrow(/speed 0ms/);
    expect(() => createBinanceConnector({ market: 'spot', wsUrl: 'http://127.0.0.1:1' })).toThrow(/ws_url/);
  });
});

describe('symbols', () => {
  const spot = createBinanceConnector({ market: 'spot' });
  const coinm = createBinanceConnector({ market: 'coinm' });

  it('spells symbols the exchange way whatever the user typed', () => {
    expect(spot.normalizeSymbol('btcusdt')).toBe('BTCUSDT');
    expect(spot.normalizeSymbol(' EthUsdt ')).toBe('ETHUSDT');
    expect(coinm.normalizeSymbol('btcusd_perp')).toBe('BTCUSD_PERP');
    expect(coinm.normalizeSymbol('BCHUSD_210924')).toBe('BCHUSD_210924');
  });

  it.each([['spot', 'BTC-USDT'], ['spot', 'b'], ['spot', 'btc usdt'], ['coinm', 'BTCUSD'], ['coinm', 'BTCUSD_NEXT']] as const)(
    'rejects %s symbol %j',
    (market, symbol) => {
      expect(() => (market === 'spot' ? spot : coinm).normalizeSymbol(symbol)).toThrow(ConfigError);
    },
  );
});
