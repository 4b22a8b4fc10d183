import { describe, expect, it } from '@jest/globals';
import { resolveSettings } from '../config/settings.js';
import { venueOf } from '../venues/registry.js';
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

  it("starts a Bybit category's simulator on that category's path, listing the venue's symbols, its truth the subscribed window at u", async () => {
    const markets = resolveSettings({ market: 'bybit-linear', pairs: ['btcusdt', 'NOPEUSDT'], bookDepth: 50, demo: true }, undefined).markets;
    const demo = await startDemoExchange(markets, { faultEveryTicks: 0, seed: 7 });
    const [pointed] = demo.markets;
    if (pointed === undefined) throw new Error('no market');
    const connector = venueOf('bybit-linear').createConnector(pointed);
    try {
      expect(demo.markets.map((m) => [m.market, m.wsUrl?.replace(/:\d+/, ':PORT')])).toEqual([['bybit-linear', 'ws://127.0.0.1:PORT/v5/public/linear']]);
      expect(demo.sims.get('bybit-linear')?.symbols()).toEqual(['BTCUSDT']);
      // The start-up check asks the connector's listSymbols: the sample listing, without the typo.
      const listed = (await connector.listSymbols?.(new AbortController().signal))?.symbols ?? [];
      expect([listed.includes('BTCUSDT'), listed.includes('SOLUSDT'), listed.includes('NOPEUSDT')]).toEqual([true, true, false]);
      // Nobody subscribed yet: the window is there, its u is not.
      const truth = demo.truth('bybit-linear', 'BTCUSDT');
      expect(truth).not.toHaveProperty('lastUpdateId');
      expect([truth?.bids.length, truth?.asks.length]).toEqual([50, 50]);
    } finally {
      await connector.close();
      await demo.close();
    }
  });

  it("starts Coinbase's simulator with its whole true book as truth, carrying neither id nor checksum", async () => {
    const markets = resolveSettings({ market: 'coinbase', pairs: ['eth-usd', 'NOPE-USD'], demo: true }, undefined).markets;
    const demo = await startDemoExchange(markets, { faultEveryTicks: 0, seed: 9 });
    const [pointed] = demo.markets;
    if (pointed === undefined) throw new Error('no market');
    const connector = venueOf('coinbase').createConnector(pointed);
    try {
      expect(demo.sims.get('coinbase')?.symbols()).toEqual(['ETH-USD']);
      const listed = (await connector.listSymbols?.(new AbortController().signal))?.symbols ?? [];
      expect([listed.includes('ETH-USD'), listed.includes('BTC-USD'), listed.includes('NOPE-USD')]).toEqual([true, true, false]);
      const truth = demo.truth('coinbase', 'ETH-USD');
      expect(Object.keys(truth ?? {})).toEqual(['bids', 'asks']);
      expect(truth?.bids.length).toBeGreaterThan(500);
    } finally {
      await connector.close();
      await demo.close();
    }
  });
});
