import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { FakeSource, fakeBook, type FakeBook } from '../fake-source.test-support.js';
import { createMetrics } from '../metrics/metrics.js';
import { createHttpApp } from './server.js';

// Five venues of four sync models side by side: Binance and Bybit (update ids, no checksum), OKX (seqId and a
// checksum), Kraken (a checksum and no ids), Coinbase (neither: its proof is the connection's sequence).
let spotBtc: FakeBook;
let okxSwap: FakeBook;
let okxSpot: FakeBook;
let krakenBtc: FakeBook;
let bybitBtc: FakeBook;
let coinbaseBtc: FakeBook;
let app: FastifyInstance;

beforeEach(async () => {
  spotBtc = fakeBook('binance-spot', 'BTCUSDT', { bids: [['65000.01000000', '0.5']], asks: [['65000.02000000', '1']], lastUpdateId: 5000 });
  okxSwap = fakeBook('okx', 'BTC-USDT-SWAP', { bids: [['65000.1', '12']], asks: [['65000.2', '3']], lastUpdateId: 123_456, checksum: -1_234_567 });
  okxSpot = fakeBook('okx', 'BTC-USDT', { bids: [['64999.9', '0.1']], asks: [['65000', '0.2']], lastUpdateId: 77, checksum: 42 });
  krakenBtc = fakeBook('kraken', 'BTC/USD', { bids: [['65000.10000', '0.50000000']], asks: [['65000.20000', '1.25000000']], lastUpdateId: 0, checksum: 3_456_789_012 });
  bybitBtc = fakeBook('bybit-linear', 'BTCUSDT', { bids: [['65000.10', '1.250']], asks: [['65000.20', '0.004']], lastUpdateId: 9_876_543 });
  coinbaseBtc = fakeBook('coinbase', 'BTC-USD', { bids: [['65000.01', '0.00500000']], asks: [['65000.02', '1.2']], lastUpdateId: 0 });
  const sources = [
    new FakeSource('binance-spot', [spotBtc]),
    new FakeSource('okx', [okxSwap, okxSpot], { exchange: 'okx', restSnapshots: false }),
    new FakeSource('kraken', [krakenBtc], { exchange: 'kraken', hasUpdateIds: false, restSnapshots: false }),
    new FakeSource('bybit-linear', [bybitBtc], { exchange: 'bybit', restSnapshots: false }),
    new FakeSource('coinbase', [coinbaseBtc], { exchange: 'coinbase', hasUpdateIds: false, restSnapshots: false }),
  ];
  app = await createHttpApp({ sources, registry: createMetrics(sources, { processMetrics: false, now: () => 0 }).registry, streamIntervalMs: 20 });
  await app.ready();
});

afterEach(async () => {
  await app.close();
});

async function get(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() };
}

describe('GET /books/:venue/:symbol across venues', () => {
  it('reads a Kraken pair with - for /, in any case, and answers without lastUpdateId but with the checksum', async () => {
    for (const url of ['/books/kraken/BTC-USD', '/books/kraken/btc-usd', '/books/KRAKEN/Btc-Usd', '/books/kraken/BTC%2FUSD', '/books/kraken/xbt-usd']) {
      const { status, body } = await get(url);
      expect({ url, status, body }).toEqual({
        url,
        status: 200,
        body: {
          market: 'kraken',
          symbol: 'BTC/USD',
          state: 'live',
          checksum: 3_456_789_012,
          eventTime: null,
          receivedAt: null,
          appliedAt: null,
          exactDepth: { bids: 1, asks: 1 },
          // Exactly as the venue sent them, trailing zeros and all.
          bids: [['65000.10000', '0.50000000']],
          asks: [['65000.20000', '1.25000000']],
        },
      });
    }
  });

  it('keeps the dashes of OKX instrument ids, answering with the sequence and the checksum', async () => {
    const swap = await get('/books/okx/btc-usdt-swap');
    expect(swap.status).toBe(200);
    expect(Object.keys(swap.body)).toEqual(['market', 'symbol', 'state', 'lastUpdateId', 'checksum', 'eventTime', 'receivedAt', 'appliedAt', 'exactDepth', 'bids', 'asks']);
    expect(swap.body).toMatchObject({ market: 'okx', symbol: 'BTC-USDT-SWAP', lastUpdateId: 123_456, checksum: -1_234_567, bids: [['65000.1', '12']] });
    expect((await get('/books/OKX/BTC-USDT')).body).toMatchObject({ symbol: 'BTC-USDT', lastUpdateId: 77, checksum: 42 });
  });

  it("answers a Bybit book by its category's venue with Bybit's u as lastUpdateId and no checksum", async () => {
    for (const url of ['/books/bybit-linear/BTCUSDT', '/books/Bybit-Linear/btcusdt']) {
      const { status, body } = await get(url);
      expect({ url, status, body }).toEqual({
        url,
        status: 200,
        body: {
          market: 'bybit-linear',
          symbol: 'BTCUSDT',
          state: 'live',
          lastUpdateId: 9_876_543,
          eventTime: null,
          receivedAt: null,
          appliedAt: null,
          exactDepth: { bids: 1, asks: 1 },
          bids: [['65000.10', '1.250']],
          asks: [['65000.20', '0.004']],
        },
      });
    }
    // Another category is another venue: its books are its own.
    expect((await get('/books/bybit-spot/BTCUSDT')).status).toBe(404);
    expect((await get('/books/bybit/BTCUSDT')).status).toBe(400);
  });

  it('answers a Coinbase product by its dashed id, in any case, with neither lastUpdateId nor checksum', async () => {
    for (const url of ['/books/coinbase/BTC-USD', '/books/Coinbase/btc-usd']) {
      const { status, body } = await get(url);
      expect({ url, status, body }).toEqual({
        url,
        status: 200,
        body: { market: 'coinbase', symbol: 'BTC-USD', state: 'live', eventTime: null, receivedAt: null, appliedAt: null, exactDepth: { bids: 1, asks: 1 }, bids: [['65000.01', '0.00500000']], asks: [['65000.02', '1.2']] },
      });
    }
    expect(await get('/books/coinbase/BTCUSD')).toEqual({
      status: 400,
      body: { error: 'bad-request', message: "the symbol is not in coinbase's spelling (e.g. BTC-USD, ETH-USD, ETH-BTC)" },
    });
  });

  it('answers Binance books with lastUpdateId and no checksum, by the venue name or its old alias', async () => {
    for (const url of ['/books/binance-spot/btcusdt', '/books/spot/BTCUSDT', '/books/Binance-Spot/BtcUsdt']) {
      const { status, body } = await get(url);
      expect({ url, status, keys: Object.keys(body) }).toEqual({
        url,
        status: 200,
        keys: ['market', 'symbol', 'state', 'lastUpdateId', 'eventTime', 'receivedAt', 'appliedAt', 'exactDepth', 'bids', 'asks'],
      });
      expect(body).toMatchObject({ market: 'binance-spot', symbol: 'BTCUSDT', lastUpdateId: 5000 });
    }
  });

  it('says which venue a symbol is not spelt for (400), and which books are served when one is not (404)', async () => {
    expect(await get('/books/kraken/BTCUSD')).toEqual({
      status: 400,
      body: { error: 'bad-request', message: "the symbol is not in kraken's spelling (e.g. BTC/USD, ETH/EUR, DOGE/USD)" },
    });
    expect((await get('/books/okx/BTCUSDT')).status).toBe(400);
    expect(await get('/books/kraken/ETH-USD')).toEqual({
      status: 404,
      body: {
        error: 'not-found',
        message: 'no book for kraken/ETH/USD; served: binance-spot/BTCUSDT, okx/BTC-USDT-SWAP, okx/BTC-USDT, kraken/BTC/USD, bybit-linear/BTCUSDT, coinbase/BTC-USD',
      },
    });
    expect((await get('/books/usdm/BTCUSDT')).body).toMatchObject({ error: 'not-found', message: expect.stringMatching(/^no book for binance-usdm\/BTCUSDT;/) });
    expect((await get('/books/bitmex/BTCUSDT')).status).toBe(400);
  });
});

describe('GET /books across venues', () => {
  it('names each venue, with lastUpdateId only where the venue has update ids', async () => {
    expect((await get('/books')).body).toEqual({
      books: [
        { market: 'binance-spot', symbol: 'BTCUSDT', state: 'live', reason: 'snapshot bridged', lastUpdateId: 5000 },
        { market: 'okx', symbol: 'BTC-USDT-SWAP', state: 'live', reason: 'snapshot bridged', lastUpdateId: 123_456, checksum: -1_234_567 },
        { market: 'okx', symbol: 'BTC-USDT', state: 'live', reason: 'snapshot bridged', lastUpdateId: 77, checksum: 42 },
        { market: 'kraken', symbol: 'BTC/USD', state: 'live', reason: 'snapshot bridged', checksum: 3_456_789_012 },
        { market: 'bybit-linear', symbol: 'BTCUSDT', state: 'live', reason: 'snapshot bridged', lastUpdateId: 9_876_543 },
        { market: 'coinbase', symbol: 'BTC-USD', state: 'live', reason: 'snapshot bridged' },
      ],
    });
  });
});

describe('GET /metrics across venues', () => {
  it('labels every series with the venue, and has no update-id series for a venue without ids', async () => {
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toContain('lob_book_last_update_id{market="binance-spot",symbol="BTCUSDT"} 5000');
    expect(text).toContain('lob_book_last_update_id{market="okx",symbol="BTC-USDT-SWAP"} 123456');
    expect(text).not.toMatch(/lob_book_last_update_id\{market="(kraken|coinbase)"/);
    expect(text).toContain('lob_book_levels{market="coinbase",symbol="BTC-USD",side="ask"} 1');
    expect(text).toContain('lob_book_levels{market="kraken",symbol="BTC/USD",side="bid"} 1');
    expect(text).toContain('lob_snapshot_weight_used_total{market="binance-spot"} 50');
    expect(text).toContain('lob_book_last_update_id{market="bybit-linear",symbol="BTCUSDT"} 9876543');
    expect(text).not.toMatch(/lob_snapshot_weight_used_total\{market="(okx|kraken|bybit-linear)"/);
  });
});

describe('WebSocket /stream across venues', () => {
  const until = async (check: () => boolean, ms = 2000): Promise<void> => {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  it('reads venue:symbol in each venue spelling and sends ids and checksums by the same rule as /books', async () => {
    const messages: Record<string, unknown>[] = [];
    const ws = await app.injectWS('/stream?symbols=kraken:btc-usd,OKX:btc-usdt-swap,spot:btcusdt', {}, {
      onInit: (socket) => socket.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>)),
    });
    await until(() => messages.length === 3);
    // The times (added to `top` with the diff stream) vary; the ids and checksums by venue are what this checks.
    expect(messages.map(({ time: _time, eventTime: _e, receivedAt: _r, appliedAt: _a, ...m }) => m)).toEqual([
      { type: 'top', market: 'kraken', symbol: 'BTC/USD', state: 'live', checksum: 3_456_789_012, exactDepth: { bids: 1, asks: 1 }, bid: ['65000.10000', '0.50000000'], ask: ['65000.20000', '1.25000000'] },
      { type: 'top', market: 'okx', symbol: 'BTC-USDT-SWAP', state: 'live', lastUpdateId: 123_456, checksum: -1_234_567, exactDepth: { bids: 1, asks: 1 }, bid: ['65000.1', '12'], ask: ['65000.2', '3'] },
      { type: 'top', market: 'binance-spot', symbol: 'BTCUSDT', state: 'live', lastUpdateId: 5000, exactDepth: { bids: 1, asks: 1 }, bid: ['65000.01000000', '0.5'], ask: ['65000.02000000', '1'] },
    ]);
    // A new best bid on Kraken: sent with the checksum the book matched after it.
    krakenBtc.book.set('bid', '65000.15000', '0.10000000');
    krakenBtc.checksum = 99;
    await until(() => messages.length === 4);
    expect(messages[3]).toMatchObject({ market: 'kraken', bid: ['65000.15000', '0.10000000'], checksum: 99 });
    expect(messages[3]).not.toHaveProperty('lastUpdateId');
    ws.terminate();
  });

  it('finds a bare symbol in every venue whose spelling reads it', async () => {
    const messages: Record<string, unknown>[] = [];
    const ws = await app.injectWS('/stream?symbols=btc-usd,btc-usdt', {}, {
      onInit: (socket) => socket.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>)),
    });
    await until(() => messages.length === 3);
    // BTC-USD is Kraken's BTC/USD and Coinbase's BTC-USD alike: both are sent.
    expect(messages.map((m) => `${m.market}/${m.symbol}`).sort()).toEqual(['coinbase/BTC-USD', 'kraken/BTC/USD', 'okx/BTC-USDT']);
    ws.terminate();
  });
});
