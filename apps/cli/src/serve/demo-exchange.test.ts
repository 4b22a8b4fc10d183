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

  it("starts OKX's and Kraken's simulators, pointed at the URLs their connectors speak, with ids or checksums as truth", async () => {
    const okx = resolveSettings({ market: 'okx', pairs: ['btc-usdt', 'NOPE-USDT'], demo: true }, undefined).markets;
    const kraken = resolveSettings({ market: 'kraken', pairs: ['xbt-usd'], demo: true }, undefined).markets;
    const demo = await startDemoExchange([...okx, ...kraken], { faultEveryTicks: 0, seed: 5 });
    try {
      expect(demo.markets.map((m) => [m.market, m.wsUrl?.replace(/:\d+/, ':PORT')])).toEqual([
        ['okx', 'ws://127.0.0.1:PORT/ws/v5/public'],
        ['kraken', 'ws://127.0.0.1:PORT/v2'],
      ]);
      // Only listed symbols get a book: an unknown one is left to the start-up check, as on the real venue.
      expect(demo.sims.get('okx')?.symbols()).toEqual(['BTC-USDT']);
      expect(demo.truth('okx', 'BTC-USDT')).toMatchObject({ lastUpdateId: expect.any(Number), checksum: expect.any(Number) });
      const pair = demo.truth('kraken', 'BTC/USD');
      expect(pair).toMatchObject({ checksum: expect.any(Number) });
      expect(pair).not.toHaveProperty('lastUpdateId');
      expect(pair?.bids.length).toBeGreaterThan(0);
    } finally {
      await demo.close();
    }
  });
});
