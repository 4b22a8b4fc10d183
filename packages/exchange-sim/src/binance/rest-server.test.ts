import { afterEach, describe, expect, it } from '@jest/globals';
import { BinanceSim } from './binance-sim.js';
import { get, sleep, type WireSnapshot } from './sims.test-support.js';
import type { BinanceSimOptions } from './types.js';

const sims: BinanceSim[] = [];
async function start(options: BinanceSimOptions = {}): Promise<BinanceSim> {
  const sim = await BinanceSim.start({ autoTick: false, ...options });
  sims.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

describe('REST depth', () => {
  it('answers the top `limit` levels of the true book with exact decimals and the lastUpdateId', async () => {
    const sim = await start({ symbols: [{ symbol: 'BTCUSDT', levelsPerSide: 300 }] });
    sim.tick(20);
    const res = await get(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=50`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = JSON.parse(res.text) as WireSnapshot;
    const book = sim.book('BTCUSDT');
    expect(body.lastUpdateId).toBe(book.lastUpdateId);
    expect(body.bids).toEqual(book.bids.slice(0, 50));
    expect(body.asks).toEqual(book.asks.slice(0, 50));
    expect(body.bids[0]?.[0]).toMatch(/^\d+\.\d{8}$/);
    expect(body.bids[0]?.[1]).toMatch(/^\d+\.\d{8}$/);
    expect(Object.keys(body)).toEqual(['lastUpdateId', 'bids', 'asks']);
    // limit above the book's depth answers every level
    const all = JSON.parse((await get(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=5000`)).text) as WireSnapshot;
    expect(all.bids).toEqual(book.bids);
  });

  it('uses 100 levels when no limit is given', async () => {
    const sim = await start();
    const body = JSON.parse((await get(`${sim.restUrl}/api/v3/depth?symbol=ETHUSDT`)).text) as WireSnapshot;
    expect(body.bids).toHaveLength(100);
    expect(body.asks).toHaveLength(100);
  });

  it("charges spot weights 5/25/50/250 by limit band and reports the minute's total in X-MBX-USED-WEIGHT-1M", async () => {
    const sim = await start();
    sim.moveClockToMinuteEnd(50_000); // the counter resets on the minute: keep this test well inside one
    const expected: [number, number][] = [
      [1, 5],
      [100, 5],
      [101, 25],
      [500, 25],
      [501, 50],
      [1000, 50],
      [1001, 250],
      [5000, 250],
    ];
    let total = 0;
    for (const [limit, weight] of expected) {
      const res = await get(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=${limit}`);
      total += weight;
      expect(res.status).toBe(200);
      expect(res.headers.get('x-mbx-used-weight-1m')).toBe(String(total));
    }
    // every response carries the header, errors included
    const notFound = await get(`${sim.restUrl}/nope`);
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('x-mbx-used-weight-1m')).toBe(String(total));
    expect(sim.stats().usedWeight).toBe(total);
    expect(sim.stats().maxUsedWeightInWindow).toBe(total);
    expect(sim.stats().snapshotRequests).toBe(expected.length);
    expect(sim.stats().snapshotRequestsBySymbol).toEqual({ BTCUSDT: expected.length });
  });

  it('serves USD-M depth on /fapi/v1 with E and T, futures limits and weights', async () => {
    const sim = await start({ market: 'usdm', symbols: [{ symbol: 'BTCUSDT', levelsPerSide: 200 }] });
    sim.moveClockToMinuteEnd(50_000);
    sim.tick(5);
    const res = await get(`${sim.restUrl}/fapi/v1/depth?symbol=BTCUSDT&limit=100`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-mbx-used-weight-1m')).toBe('5');
    const body = JSON.parse(res.text) as WireSnapshot;
    expect(Object.keys(body)).toEqual(['lastUpdateId', 'E', 'T', 'bids', 'asks']);
    expect(typeof body.E).toBe('number');
    expect(body.bids).toHaveLength(100);
    expect(body.bids[0]?.[0]).toMatch(/^\d+\.\d{2}$/); // tick 0.10 prints two decimals, as Binance
    expect(body.bids[0]?.[1]).toMatch(/^\d+\.\d{3}$/);
    const weights: [number, number][] = [
      [5, 2],
      [10, 2],
      [20, 2],
      [50, 2],
      [500, 10],
      [1000, 20],
    ];
    let total = 5;
    for (const [limit, weight] of weights) {
      total += weight;
      const r = await get(`${sim.restUrl}/fapi/v1/depth?symbol=BTCUSDT&limit=${limit}`);
      expect(r.headers.get('x-mbx-used-weight-1m')).toBe(String(total));
    }
    expect((await get(`${sim.restUrl}/fapi/v1/depth?symbol=BTCUSDT&limit=7`)).status).toBe(400);
    expect((await get(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT`)).status).toBe(404);
  });

  it('serves COIN-M depth on /dapi/v1 with symbol and pair', async () => {
    const sim = await start({ market: 'coinm', symbols: [{ symbol: 'BTCUSD_PERP', levelsPerSide: 100 }] });
    const body = JSON.parse((await get(`${sim.restUrl}/dapi/v1/depth?symbol=BTCUSD_PERP&limit=5`)).text) as Record<string, unknown>;
    expect(body['symbol']).toBe('BTCUSD_PERP');
    expect(body['pair']).toBe('BTCUSD');
    expect((body['bids'] as string[][])[0]?.[1]).toMatch(/^\d+$/); // contracts: whole numbers
  });

  it('rejects a missing, malformed or unknown symbol and a bad limit with 400 and Binance codes', async () => {
    const sim = await start();
    const cases: [string, number][] = [
      ['symbol=NOPEUSDT', -1121],
      ['symbol=btcusdt', -1100],
      ['', -1102],
      ['symbol=BTCUSDT&limit=0', -1130],
      ['symbol=BTCUSDT&limit=5001', -1130],
      ['symbol=BTCUSDT&limit=abc', -1100],
    ];
    for (const [query, code] of cases) {
      const res = await get(`${sim.restUrl}/api/v3/depth?${query}`);
      expect({ query, status: res.status, code: (JSON.parse(res.text) as { code: number }).code }).toEqual({ query, status: 400, code });
    }
    expect(sim.stats().usedWeight).toBe(0);
  });

  it('answers 429 with a Retry-After to the end of the minute when over budget, then 418 to requests inside the window', async () => {
    // 12 weight per minute: two limit-100 requests fit, the third does not.
    // (This test asserted a rolling minute's ~60 s before the counter became Binance's fixed server minute.)
    const sim = await start({ weightLimitPerMinute: 12 });
    sim.moveClockToMinuteEnd(30_000);
    const url = `${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=100`;
    expect((await get(url)).status).toBe(200);
    expect((await get(url)).status).toBe(200);
    const limited = await get(url);
    expect(limited.status).toBe(429);
    expect((JSON.parse(limited.text) as { code: number }).code).toBe(-1003);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(29);
    expect(retryAfter).toBeLessThanOrEqual(30);
    const banned = await get(url);
    expect(banned.status).toBe(418);
    expect(Number(banned.headers.get('retry-after'))).toBeGreaterThan(0);
    // inside the window every path is refused
    expect((await get(`${sim.restUrl}/api/v3/ping`)).status).toBe(418);
    const stats = sim.stats();
    expect(stats.rateLimited429).toBe(1);
    expect(stats.banned418).toBe(2);
    expect(stats.requestsInRetryAfterWindow).toBe(2);
    expect(stats.maxUsedWeightInWindow).toBe(10);
  });

  it('closes a rate-limit window after Retry-After and lets requests through again', async () => {
    const sim = await start();
    sim.inject({ kind: 'rate-limit', durationMs: 800 });
    const url = `${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=5`;
    const limited = await get(url);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await get(url)).status).toBe(418);
    await sleep(850);
    expect((await get(url)).status).toBe(200);
    expect(sim.stats().requestsInRetryAfterWindow).toBe(1);
  });

  it.each([
    ['spot', '/api/v3/ping'],
    ['usdm', '/fapi/v1/ping'],
    ['coinm', '/dapi/v1/ping'],
  ] as const)('%s answers %s with {} for weight 1, dated by the simulator clock', async (market, path) => {
    const sim = await start({ market, clockOffsetMs: 123_456_789 });
    sim.moveClockToMinuteEnd(50_000);
    sim.useWeight(40);
    const res = await get(`${sim.restUrl}${path}`);
    expect(res.status).toBe(200);
    expect(res.text).toBe('{}');
    expect(res.headers.get('x-mbx-used-weight-1m')).toBe('41');
    const date = Date.parse(res.headers.get('date') ?? '');
    expect(Math.abs(date - sim.now())).toBeLessThan(2_000);
    expect(Math.abs(date - Date.now())).toBeGreaterThan(60_000);
  });

  it("counts weight per minute of the simulator's clock: the counter starts again at 0 on the boundary", async () => {
    const sim = await start();
    sim.moveClockToMinuteEnd(400);
    sim.useWeight(5_500);
    const before = await get(`${sim.restUrl}/api/v3/ping`);
    expect(before.headers.get('x-mbx-used-weight-1m')).toBe('5501');
    const minuteOf = (r: { headers: Headers }) => Math.floor(Date.parse(r.headers.get('date') ?? '') / 60_000);
    let after = await get(`${sim.restUrl}/api/v3/ping`);
    while (minuteOf(after) === minuteOf(before)) {
      await sleep(50);
      after = await get(`${sim.restUrl}/api/v3/ping`);
    }
    expect(after.headers.get('x-mbx-used-weight-1m')).toBe('1');
    expect(sim.stats().usedWeight).toBe(1);
    expect(sim.stats().maxUsedWeightInWindow).toBeGreaterThanOrEqual(5_501);
  });

  it('answers ping and time, and 404 on unknown paths', async () => {
    const sim = await start();
    expect((await get(`${sim.restUrl}/api/v3/ping`)).text).toBe('{}');
    const time = JSON.parse((await get(`${sim.restUrl}/api/v3/time`)).text) as { serverTime: number };
    expect(Math.abs(time.serverTime - sim.now())).toBeLessThan(5000);
    expect((await get(`${sim.restUrl}/api/v1/depth?symbol=BTCUSDT`)).status).toBe(404);
  });
});

describe('REST exchangeInfo', () => {
  type Info = { timezone: string; rateLimits: unknown[]; symbols: Record<string, string>[] };

  it('lists the served and the merely listed spot symbols as trading, at weight 20', async () => {
    const sim = await start({ symbols: [{ symbol: 'BTCUSDT' }], listedSymbols: ['ETHBTC', 'BTCUSDT', 'BTCFDUSD'] });
    const res = await get(`${sim.restUrl}/api/v3/exchangeInfo?symbolStatus=TRADING&showPermissionSets=false`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-mbx-used-weight-1m')).toBe('20');
    const info = JSON.parse(res.text) as Info;
    expect(info.timezone).toBe('UTC');
    expect(info.symbols).toEqual([
      { symbol: 'BTCUSDT', status: 'TRADING', baseAsset: 'BTC', quoteAsset: 'USDT' },
      { symbol: 'ETHBTC', status: 'TRADING', baseAsset: 'ETH', quoteAsset: 'BTC' },
      { symbol: 'BTCFDUSD', status: 'TRADING', baseAsset: 'BTC', quoteAsset: 'FDUSD' },
    ]);
    // Listed is not served: a symbol without a generated book is unknown to depth.
    expect(JSON.parse((await get(`${sim.restUrl}/api/v3/depth?symbol=ETHBTC`)).text)).toEqual({ code: -1121, msg: 'Invalid symbol.' });
    expect(JSON.parse((await get(`${sim.restUrl}/api/v3/exchangeInfo?symbolStatus=BREAK`)).text).symbols).toEqual([]);
  });

  it('lists futures contracts with their pair and status at weight 1 (COIN-M as contractStatus)', async () => {
    const usdm = await start({ market: 'usdm', symbols: [{ symbol: 'BTCUSDT' }] });
    const usdmRes = await get(`${usdm.restUrl}/fapi/v1/exchangeInfo`);
    expect(usdmRes.headers.get('x-mbx-used-weight-1m')).toBe('1');
    expect((JSON.parse(usdmRes.text) as Info).symbols).toEqual([
      { symbol: 'BTCUSDT', pair: 'BTCUSDT', contractType: 'PERPETUAL', status: 'TRADING', baseAsset: 'BTC', quoteAsset: 'USDT', marginAsset: 'USDT' },
    ]);
    const coinm = await start({ market: 'coinm', symbols: [{ symbol: 'BTCUSD_PERP' }, { symbol: 'ETHUSD_260626' }] });
    expect((JSON.parse((await get(`${coinm.restUrl}/dapi/v1/exchangeInfo`)).text) as Info).symbols).toEqual([
      { symbol: 'BTCUSD_PERP', pair: 'BTCUSD', contractType: 'PERPETUAL', contractStatus: 'TRADING', baseAsset: 'BTC', quoteAsset: 'USD', marginAsset: 'BTC' },
      { symbol: 'ETHUSD_260626', pair: 'ETHUSD', contractType: 'CURRENT_QUARTER', contractStatus: 'TRADING', baseAsset: 'ETH', quoteAsset: 'USD', marginAsset: 'ETH' },
    ]);
  });
});
