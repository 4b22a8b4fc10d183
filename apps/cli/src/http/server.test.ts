import type { Level, LimiterStats } from '@lob/core';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type WebSocket from 'ws';
import { createMetrics } from '../metrics/metrics.js';
import { FakeSource, fakeBook, type FakeBook } from '../fake-source.test-support.js';
import { createHttpApp } from './server.js';

/** 30 bid and 30 ask levels around 100, with quantities that must come back exactly as written. */
function deepLevels(): { bids: Level[]; asks: Level[] } {
  const bids: Level[] = [];
  const asks: Level[] = [];
  for (let i = 0; i < 30; i++) {
    bids.push([`${99 - i}.00000000`, i === 0 ? '92233720368.54775807' : `${i}.00000001`]);
    asks.push([`${101 + i}.00000000`, `0.0000000${(i % 9) + 1}`]);
  }
  return { bids, asks };
}

let btc: FakeBook;
let eth: FakeBook;
let perp: FakeBook;
let spot: FakeSource;
let usdm: FakeSource;
let app: FastifyInstance;

beforeEach(async () => {
  btc = fakeBook('binance-spot', 'BTCUSDT', { ...deepLevels(), lastUpdateId: 5000 });
  eth = fakeBook('binance-spot', 'ETHUSDT', { bids: [['3000.10', '1.5']], asks: [['3000.20', '2']], lastUpdateId: 77 });
  perp = fakeBook('binance-usdm', 'BTCUSDT', { bids: [['65000.1', '3.000']], asks: [['65000.2', '0.001']], lastUpdateId: 9 });
  spot = new FakeSource('binance-spot', [btc, eth]);
  usdm = new FakeSource('binance-usdm', [perp]);
  const metrics = createMetrics([spot, usdm], { processMetrics: false, now: () => 1_000_000 });
  app = await createHttpApp({ sources: [spot, usdm], registry: metrics.registry, streamIntervalMs: 20 });
  await app.ready();
});

afterEach(async () => {
  await app.close();
});

async function get(url: string): Promise<{ status: number; body: unknown; type: string }> {
  const res = await app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: String(res.headers['content-type']).includes('json') ? res.json() : res.body, type: String(res.headers['content-type']) };
}

describe('GET /books', () => {
  it('lists every market, symbol and state', async () => {
    eth.state = 'resyncing';
    eth.reason = 'gap: update 80..81 does not follow 77';
    expect(await get('/books')).toMatchObject({
      status: 200,
      body: {
        books: [
          { market: 'binance-spot', symbol: 'BTCUSDT', state: 'live', reason: 'snapshot bridged', lastUpdateId: 5000 },
          { market: 'binance-spot', symbol: 'ETHUSDT', state: 'resyncing', reason: 'gap: update 80..81 does not follow 77', lastUpdateId: 77 },
          { market: 'binance-usdm', symbol: 'BTCUSDT', state: 'live', reason: 'snapshot bridged', lastUpdateId: 9 },
        ],
      },
    });
  });
});

describe('GET /books/:market/:symbol', () => {
  it('returns exactly the contract shape with 20 levels per side by default, best first, exact strings', async () => {
    const res = await app.inject({ method: 'GET', url: '/books/spot/BTCUSDT' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { bids: Level[]; asks: Level[] };
    expect(Object.keys(body)).toEqual(['market', 'symbol', 'state', 'lastUpdateId', 'eventTime', 'receivedAt', 'appliedAt', 'exactDepth', 'bids', 'asks']);
    expect(body).toMatchObject({ market: 'binance-spot', symbol: 'BTCUSDT', state: 'live', lastUpdateId: 5000 });
    expect(body.bids).toHaveLength(20);
    expect(body.asks).toHaveLength(20);
    expect(body.bids.slice(0, 2)).toEqual([
      ['99.00000000', '92233720368.54775807'],
      ['98.00000000', '1.00000001'],
    ]);
    expect(body.asks[0]).toEqual(['101.00000000', '0.00000001']);
    // Decimal strings travel as strings: never a number, never an exponent.
    expect(res.body).toContain('"92233720368.54775807"');
    expect(res.body).not.toMatch(/\de-?\d/);
  });

  it('takes the symbol in any case and depth=N or depth=all, including levels beyond the snapshot', async () => {
    btc.book.set('bid', '1.00000000', '5.00000000'); // added by an update, deeper than anything in the snapshot
    const two = (await get('/books/spot/btcusdt?depth=2')).body as { bids: Level[]; asks: Level[] };
    expect(two.bids).toEqual([
      ['99.00000000', '92233720368.54775807'],
      ['98.00000000', '1.00000001'],
    ]);
    expect(two.asks).toHaveLength(2);
    btc.exactDepth = { bids: 12, asks: 30 };
    const all = (await get('/books/spot/BtcUsdt?depth=all')).body as { bids: Level[]; asks: Level[]; exactDepth: unknown };
    expect(all.exactDepth).toEqual({ bids: 12, asks: 30 });
    expect(all.bids).toHaveLength(31);
    expect(all.bids[30]).toEqual(['1.00000000', '5.00000000']);
    expect(all.asks).toHaveLength(30);
    expect((await get('/books/usdm/btcusdt?depth=500')).body).toEqual({
      market: 'binance-usdm',
      symbol: 'BTCUSDT',
      state: 'live',
      lastUpdateId: 9,
      eventTime: null,
      receivedAt: null,
      appliedAt: null,
      exactDepth: { bids: 1, asks: 1 },
      bids: [['65000.1', '3.000']],
      asks: [['65000.2', '0.001']],
    });
  });

  it('carries the exchange, receive and apply times of the last event, lob\'s to the microsecond, and new ones after each', async () => {
    btc.stats.lastEventTime = 1_700_000_000_000;
    btc.stats.lastReceivedAt = 1_700_000_000_001.2341;
    btc.stats.lastAppliedAt = 1_700_000_000_001.3;
    expect((await get('/books/spot/BTCUSDT?depth=1')).body).toMatchObject({ eventTime: 1_700_000_000_000, receivedAt: 1_700_000_000_001.234, appliedAt: 1_700_000_000_001.3 });
    // Only the times moved (an in-stream snapshot of the same book): the cached answer must not outlive them.
    btc.stats.lastEventTime = 0;
    btc.stats.lastReceivedAt = 1_700_000_000_050.5;
    btc.stats.lastAppliedAt = 1_700_000_000_050.625;
    expect((await get('/books/spot/BTCUSDT?depth=1')).body).toMatchObject({ eventTime: null, receivedAt: 1_700_000_000_050.5, appliedAt: 1_700_000_000_050.625 });
  });

  it('reports a book that is not in sync with its true state', async () => {
    perp.state = 'backing-off';
    expect(((await get('/books/usdm/BTCUSDT')).body as { state: string }).state).toBe('backing-off');
  });

  it('answers bad parameters with 400 and a JSON error', async () => {
    for (const url of [
      '/books/spot/BTCUSDT?depth=0',
      '/books/spot/BTCUSDT?depth=-3',
      '/books/spot/BTCUSDT?depth=1.5',
      '/books/spot/BTCUSDT?depth=ten',
      '/books/spot/BTCUSDT?depth=1&depth=2',
      '/books/margin/BTCUSDT',
      '/books/spot/BTC-USDT',
      '/books/coinm/BTCUSDT',
    ]) {
      const res = await get(url);
      expect({ url, status: res.status, body: res.body }).toMatchObject({ url, status: 400, body: { error: 'bad-request', message: expect.any(String) } });
    }
    expect((await get('/books/spot/BTCUSDT?depth=0')).body).toEqual({ error: 'bad-request', message: 'depth must be an integer from 1 to 5000, or "all"' });
    expect((await get('/books/margin/BTCUSDT')).body).toEqual({ error: 'bad-request', message: 'venue must be one of binance-spot (spot), binance-usdm (usdm), binance-coinm (coinm), okx, kraken, bybit-spot, bybit-linear, bybit-inverse, coinbase' });
  });

  it('answers an unknown symbol or market not served with 404', async () => {
    expect(await get('/books/spot/XRPUSDT')).toMatchObject({
      status: 404,
      body: { error: 'not-found', message: 'no book for binance-spot/XRPUSDT; served: binance-spot/BTCUSDT, binance-spot/ETHUSDT, binance-usdm/BTCUSDT' },
    });
    expect((await get('/books/coinm/BTCUSD_PERP')).status).toBe(404);
    expect(await get('/nothing/here')).toMatchObject({ status: 404, body: { error: 'not-found', message: 'no route GET for this path' } });
  });
});

describe('GET /health', () => {
  it('is 200 while every book is live', async () => {
    expect(await get('/health')).toMatchObject({
      status: 200,
      body: {
        status: 'ok',
        books: [
          { market: 'binance-spot', symbol: 'BTCUSDT', state: 'live' },
          { market: 'binance-spot', symbol: 'ETHUSDT', state: 'live' },
          { market: 'binance-usdm', symbol: 'BTCUSDT', state: 'live' },
        ],
      },
    });
  });

  it('is 503 with the states as soon as one book is not live', async () => {
    eth.state = 'syncing';
    eth.reason = 'stream open, buffering until the snapshot bridges';
    const res = await get('/health');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      status: 'unavailable',
      books: [{ state: 'live' }, { symbol: 'ETHUSDT', state: 'syncing', reason: 'stream open, buffering until the snapshot bridges' }, { state: 'live' }],
      progress: { live: 2, total: 3 },
    });
  });

  it('says how far a cold start is: books live out of total, snapshots queued and the time they take at the budget', async () => {
    eth.state = 'syncing';
    (spot.limiter?.stats as LimiterStats).queued = 1;
    spot.drainEstimateMs = 12_000;
    expect((await get('/health')).body).toMatchObject({ progress: { live: 2, total: 3, snapshotsQueued: 1, etaMs: 12_000 } });
  });

  it('is 200 while every valid book is live, listing a book the exchange does not know with its reason', async () => {
    eth.state = 'invalid';
    eth.reason = 'unknown-symbol: snapshot of ETHUSDT: HTTP 400 -1121 Invalid symbol.';
    const res = await get('/health');
    expect(res).toMatchObject({
      status: 200,
      body: {
        status: 'ok',
        books: [{ state: 'live' }, { symbol: 'ETHUSDT', state: 'invalid', reason: eth.reason }, { state: 'live' }],
        invalid: [{ market: 'binance-spot', symbol: 'ETHUSDT', reason: eth.reason }],
      },
    });
    // Still 503 when a valid book is out of sync, and when no valid book is left at all.
    btc.state = 'resyncing';
    expect((await get('/health')).status).toBe(503);
    btc.state = perp.state = 'invalid';
    expect((await get('/health')).status).toBe(503);
  });
});

describe('GET /metrics', () => {
  it('exposes updates, resyncs by reason, snapshot weight, lag, levels and connections in Prometheus format', async () => {
    btc.stats.updatesApplied = 1234;
    btc.stats.resyncs = { gap: 2, decode: 1 };
    btc.stats.lastAppliedAt = 1_000_000 - 1500;
    usdm.connectionCounts = { total: 1, open: 0, frames: 10, malformed: 1, reconnects: 3 };
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/plain');
    const text = res.body as string;
    expect(text).toContain('lob_updates_applied_total{market="binance-spot",symbol="BTCUSDT"} 1234');
    expect(text).toContain('lob_resyncs_total{market="binance-spot",symbol="BTCUSDT",reason="gap"} 2');
    expect(text).toContain('lob_resyncs_total{market="binance-spot",symbol="BTCUSDT",reason="decode"} 1');
    expect(text).toContain('lob_book_exact_levels{market="binance-spot",symbol="BTCUSDT",side="bid"} 30');
    expect(text).toContain('lob_refreshes_total{market="binance-spot",symbol="BTCUSDT"} 0');
    expect(text).toContain('lob_snapshot_weight_used_total{market="binance-spot"} 50');
    expect(text).toContain('lob_snapshot_weight_window{market="binance-usdm"} 50');
    expect(text).toContain('lob_book_levels{market="binance-spot",symbol="BTCUSDT",side="bid"} 30');
    expect(text).toContain('lob_book_state{market="binance-spot",symbol="ETHUSDT",state="live"} 1');
    expect(text).toContain('lob_book_state{market="binance-spot",symbol="ETHUSDT",state="resyncing"} 0');
    expect(text).toContain('lob_book_state{market="binance-spot",symbol="ETHUSDT",state="invalid"} 0');
    expect(text).toContain('lob_last_update_age_seconds{market="binance-spot",symbol="BTCUSDT"} 1.5');
    expect(text).toContain('lob_connections_open{market="binance-usdm"} 0');
    expect(text).toContain('lob_reconnects_total{market="binance-usdm"} 3');
    expect(text).toContain('# TYPE lob_exchange_to_receive_seconds histogram');
    expect(text).toContain('# TYPE lob_receive_to_apply_seconds histogram');
  });

  it('records exchange→receive and receive→apply of each applied update per venue, from the times in its stats', async () => {
    const metrics = createMetrics([spot, usdm], { processMetrics: false });
    const update = { type: 'depth', symbol: 'BTCUSDT', firstId: 1, lastId: 1, prevLastId: undefined, eventTime: 10_000, bids: [], asks: [] } as const;
    // Received 30 ms after the exchange stamped it, applied 40 µs later.
    btc.stats.lastEventTime = 10_000;
    btc.stats.lastReceivedAt = 10_030.5;
    btc.stats.lastAppliedAt = 10_030.54;
    metrics.observeUpdate(btc, update);
    // A venue that stamps no time (0): only receive→apply, here 3 ms.
    perp.stats.lastEventTime = 0;
    perp.stats.lastReceivedAt = 20_000;
    perp.stats.lastAppliedAt = 20_003;
    metrics.observeUpdate(perp, update);
    const text = await metrics.registry.metrics();
    expect(text).toContain('lob_exchange_to_receive_seconds_bucket{le="0.025",market="binance-spot"} 0');
    expect(text).toContain('lob_exchange_to_receive_seconds_bucket{le="0.05",market="binance-spot"} 1');
    expect(text).toContain('lob_exchange_to_receive_seconds_count{market="binance-spot"} 1');
    expect(text).not.toContain('lob_exchange_to_receive_seconds_count{market="binance-usdm"}');
    expect(text).toContain('lob_receive_to_apply_seconds_bucket{le="0.000025",market="binance-spot"} 0');
    expect(text).toContain('lob_receive_to_apply_seconds_bucket{le="0.00005",market="binance-spot"} 1');
    expect(text).toContain('lob_receive_to_apply_seconds_bucket{le="0.0025",market="binance-usdm"} 0');
    expect(text).toContain('lob_receive_to_apply_seconds_bucket{le="0.005",market="binance-usdm"} 1');
    expect(text).toContain('lob_receive_to_apply_seconds_count{market="binance-usdm"} 1');
  });
});

describe('WebSocket /stream', () => {
  /** Connects and collects every message from the first (the initial tops are sent as the socket opens). */
  async function connect(url: string): Promise<{ ws: WebSocket; messages: unknown[] }> {
    const messages: unknown[] = [];
    const ws = await app.injectWS(url, {}, { onInit: (socket) => socket.on('message', (data) => messages.push(JSON.parse(String(data)))) });
    return { ws, messages };
  }
  const until = async (check: () => boolean, ms = 2000): Promise<void> => {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  it('sends the top of each requested book at once, then each change of best bid, best ask or state', async () => {
    const { ws, messages } = await connect('/stream?symbols=spot:ethusdt,binance-usdm:BTCUSDT');
    await until(() => messages.length === 2);
    // Added to today's fields: the exchange's event time, lob's receive and apply times of the last applied event.
    // The fake books took nothing in: null until they do.
    const times = { eventTime: null, receivedAt: null, appliedAt: null };
    expect(messages).toEqual([
      { type: 'top', market: 'binance-spot', symbol: 'ETHUSDT', state: 'live', lastUpdateId: 77, exactDepth: { bids: 1, asks: 1 }, bid: ['3000.10', '1.5'], ask: ['3000.20', '2'], ...times, time: expect.any(Number) },
      { type: 'top', market: 'binance-usdm', symbol: 'BTCUSDT', state: 'live', lastUpdateId: 9, exactDepth: { bids: 1, asks: 1 }, bid: ['65000.1', '3.000'], ask: ['65000.2', '0.001'], ...times, time: expect.any(Number) },
    ]);
    // A change below the top is not a top-of-book change: nothing is sent.
    eth.book.set('bid', '2999.00', '4');
    await new Promise((r) => setTimeout(r, 80));
    expect(messages).toHaveLength(2);
    eth.book.set('ask', '3000.20', '0');
    eth.lastUpdateId = 78;
    await until(() => messages.length === 3);
    expect(messages[2]).toMatchObject({ symbol: 'ETHUSDT', lastUpdateId: 78, bid: ['3000.10', '1.5'], ask: null });
    perp.state = 'resyncing';
    await until(() => messages.length === 4);
    expect(messages[3]).toMatchObject({ market: 'binance-usdm', symbol: 'BTCUSDT', state: 'resyncing' });
    ws.terminate();
  });

  it('streams a bare symbol from every market that serves it, and every book without a parameter', async () => {
    const { ws, messages } = await connect('/stream?symbols=btcusdt');
    await until(() => messages.length === 2);
    expect(messages.map((m) => (m as { market: string }).market)).toEqual(['binance-spot', 'binance-usdm']);
    ws.terminate();
    const all = await connect('/stream');
    await until(() => all.messages.length === 3);
    all.ws.terminate();
  });

  it('refuses unknown symbols before upgrading, and plain HTTP with 426', async () => {
    expect(await get('/stream?symbols=xrpusdt')).toMatchObject({ status: 404, body: { error: 'not-found', message: 'no venue serves xrpusdt' } });
    // A spelling that could carry markup is not named back.
    const odd = await get(`/stream?symbols=${encodeURIComponent('<b>x</b>')}`);
    expect(odd).toMatchObject({ status: 404, body: { error: 'not-found' } });
    expect(JSON.stringify(odd.body)).not.toContain('<b>');
    expect(await get('/stream?symbols=margin:btcusdt')).toMatchObject({ status: 400, body: { error: 'bad-request' } });
    expect(await get('/stream')).toMatchObject({ status: 426, body: { error: 'upgrade-required' } });
  });
});
