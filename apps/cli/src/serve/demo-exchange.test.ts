import { ConfigError } from '@lob/core';
import { describe, expect, it } from '@jest/globals';
import { resolveSettings } from '../config/settings.js';
import { startDemoExchange } from './demo-exchange.js';

describe('--demo: one simulator per venue', () => {
  it('starts a Binance venue on loopback and points its settings at it, serving its true books by venue name', async () => {
    const { markets } = resolveSettings({ market: 'binance-usdm', pairs: ['btcusdt'], demo: true }, undefined);
    const demo = await startDemoExchange(markets, { faultEveryTicks: 0, seed: 3 });
    try {
      expect(demo.markets).toEqual([expect.objectContaining({ market: 'binance-usdm', restUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) })]);
      expect([...demo.sims.keys()]).toEqual(['binance-usdm']);
      expect(demo.truth('binance-usdm', 'BTCUSDT')?.bids.length).toBeGreaterThan(0);
      expect(demo.truth('binance-spot', 'BTCUSDT')).toBeUndefined();
    } finally {
      await demo.close();
    }
  });

  it('refuses a venue it has no simulator for before starting any, naming it', async () => {
    const { markets } = resolveSettings({ market: 'kraken', demo: true }, undefined);
    const error = await startDemoExchange(markets, { faultEveryTicks: 0, seed: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/^--demo: no simulator for kraken yet \(simulated venues: binance-spot, binance-usdm, binance-coinm\)$/);
  });
});
