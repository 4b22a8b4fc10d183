import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, DecodeError, SnapshotError } from '@lob/core';
import { createCoinbaseConnector } from './coinbase-connector.js';
import { normalizeProductId } from './coinbase-venue.js';
import { decodeCoinbaseFrame } from './frame-decoder.js';

describe('Coinbase connector options', () => {
  it('has defaults that reach the live exchange and states the venue model', () => {
    const c = createCoinbaseConnector();
    expect(c).toMatchObject({
      exchange: 'coinbase',
      market: 'coinbase',
      restUrl: 'https://api.coinbase.com',
      wsUrl: 'wss://advanced-trade-ws.coinbase.com',
      maxSymbolsPerConnection: 10,
      hasUpdateIds: false,
      snapshots: { kind: 'stream' },
      depthWindow: { kind: 'exchange-maintained' },
    });
    const update = decodeCoinbaseFrame(l2('update', []));
    expect(update.type === 'depth' && c.rules.classify(update, 0, false)).toBe('apply');
    void c.close();
  });

  it('takes endpoints (a trailing slash of the REST base dropped) and limits', () => {
    const c = createCoinbaseConnector({ restUrl: 'http://127.0.0.1:1/', wsUrl: 'ws://127.0.0.1:2', maxSymbolsPerConnection: 3, requestTimeoutMs: 500 });
    expect(c).toMatchObject({ restUrl: 'http://127.0.0.1:1', wsUrl: 'ws://127.0.0.1:2', maxSymbolsPerConnection: 3 });
    void c.close();
  });

  it.each([
    [{ restUrl: 'ws://127.0.0.1:1' }, 'restUrl'],
    [{ restUrl: 'not a url' }, 'restUrl'],
    [{ wsUrl: 'https://127.0.0.1:1' }, 'wsUrl'],
    [{ maxSymbolsPerConnection: 0 }, 'maxSymbolsPerConnection'],
    [{ maxSymbolsPerConnection: 1.5 }, 'maxSymbolsPerConnection'],
    [{ requestTimeoutMs: 0 }, 'requestTimeoutMs'],
    [{ offThreadFrameBytes: -1 }, 'offThreadFrameBytes'],
    [{ offThreadFrameBytes: 10.5 }, 'offThreadFrameBytes'],
  ])('refuses %j with a ConfigError naming %s', (options, key) => {
    let thrown: unknown;
    try {
      createCoinbaseConnector(options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect(thrown).toMatchObject({ reason: 'invalid-value', location: { key } });
  });

  it('normalizes product ids and refuses other shapes', () => {
    expect(normalizeProductId(' btc-usd ')).toBe('BTC-USD');
    expect(normalizeProductId('00-USD')).toBe('00-USD');
    for (const bad of ['BTCUSD', 'BTC/USD', 'BTC-USD-X', '']) expect(() => normalizeProductId(bad)).toThrow(ConfigError);
  });
});

/** An l2_data frame with one event. */
function l2(type: string, updates: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ channel: 'l2_data', client_id: '', timestamp: '2026-08-09T21:05:48.618125631Z', sequence_num: 21, events: [{ type, product_id: 'ETH-USD', updates }], ...extra });
}
const level = (side: string, price_level: string, new_quantity: string) => ({ side, event_time: '2026-08-09T21:05:48.35161Z', price_level, new_quantity });

describe('Coinbase frame decoder', () => {
  it('decodes a level2 snapshot: offers are asks, strings exact, sequence_num as connectionSeq, no per-product ids', () => {
    const frame = l2('snapshot', [level('bid', '1919.44', '0.02858092'), level('offer', '1919.49', '0.07814824'), level('bid', '1919.4', '1.1531')]);
    expect(decodeCoinbaseFrame(frame)).toEqual({
      type: 'snapshot',
      symbol: 'ETH-USD',
      lastUpdateId: 0,
      eventTime: Date.UTC(2026, 7, 9, 21, 5, 48, 618),
      bids: [['1919.44', '0.02858092'], ['1919.4', '1.1531']],
      asks: [['1919.49', '0.07814824']],
      connectionSeq: 21,
    });
  });

  it('decodes a level2 update, size "0" kept as the delete it is', () => {
    expect(decodeCoinbaseFrame(l2('update', [level('bid', '1917.35', '0'), level('offer', '1920', '2.5')]))).toEqual({
      type: 'depth',
      symbol: 'ETH-USD',
      firstId: 0,
      lastId: 0,
      prevLastId: undefined,
      eventTime: Date.UTC(2026, 7, 9, 21, 5, 48, 618),
      bids: [['1917.35', '0']],
      asks: [['1920', '2.5']],
      connectionSeq: 21,
    });
  });

  it('decodes heartbeats, subscriptions and other channels as numbered control frames', () => {
    const heartbeat = '{"channel":"heartbeats","client_id":"","timestamp":"2026-08-09T21:05:49Z","sequence_num":7,"events":[{"current_time":"2026-08-09 21:05:49 +0000 UTC","heartbeat_counter":3}]}';
    expect(decodeCoinbaseFrame(heartbeat)).toEqual({ type: 'control', connectionSeq: 7 });
    expect(decodeCoinbaseFrame('{"channel":"subscriptions","sequence_num":0,"events":[{"subscriptions":{"level2":["ETH-USD"]}}]}')).toEqual({ type: 'control', connectionSeq: 0 });
    expect(decodeCoinbaseFrame('{"channel":"ticker","sequence_num":9,"events":[]}')).toEqual({ type: 'control', connectionSeq: 9 });
    expect(decodeCoinbaseFrame('{"channel":"status"}')).toEqual({ type: 'control' });
  });

  it('turns an error naming a product into a refusal of that product, and one naming none into control', () => {
    expect(decodeCoinbaseFrame('{"type":"error","message":"Failed to subscribe","reason":"DOGE-XYZ is not a valid product"}')).toEqual({
      type: 'rejected',
      symbols: ['DOGE-XYZ'],
      reason: 'Coinbase error: Failed to subscribe: DOGE-XYZ is not a valid product',
    });
    expect(decodeCoinbaseFrame('{"type":"error","message":"rate limit exceeded"}')).toEqual({ type: 'control' });
  });

  it.each([
    ['not JSON', '{"channel":"l2_data","sequence_num":4,"events":[{"product_id":"ETH-USD"', 'malformed-json', 'ETH-USD', 4],
    ['an array', '[1]', 'malformed-frame', undefined, undefined],
    // Its number is left out where what it lost cannot be pinned to a product: the next number shows a hole.
    ['no channel', '{"sequence_num":5}', 'malformed-frame', undefined, undefined],
    ['a book frame cut before its product', '{"channel":"l2_data","client_id":"","sequence_num":26,"events":[{"type":"upd', 'malformed-json', undefined, undefined],
    ['a heartbeats frame cut short', '{"channel":"heartbeats","client_id":"","sequence_num":7,"events":[{"curr', 'malformed-json', undefined, 7],
    ['a bad price', l2('update', [level('bid', '1e3', '1')]), 'malformed-frame', 'ETH-USD', 21],
    ['a negative size', l2('update', [level('offer', '1', '-1')]), 'malformed-frame', 'ETH-USD', 21],
    ['a bad side', l2('update', [level('ask', '1', '1')]), 'malformed-frame', 'ETH-USD', 21],
    ['an unknown event type', l2('checkpoint', []), 'malformed-frame', 'ETH-USD', 21],
    ['two events', l2('update', [], { events: [{}, {}] }), 'malformed-frame', undefined, undefined],
    ['a bad sequence_num', l2('update', [], { sequence_num: -1 }), 'malformed-frame', undefined, undefined],
  ])('throws a DecodeError on %s (naming the product it shows, and its connection number where the loss is pinned down)', (_what, frame, reason, symbol, connectionSeq) => {
    let thrown: unknown;
    try {
      decodeCoinbaseFrame(frame);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DecodeError);
    expect(thrown).toMatchObject({ reason, symbol, connectionSeq });
  });
});

describe('Coinbase connector listSymbols', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)));
    server = undefined;
  });

  async function serve(status: number, body: string): Promise<{ url: string; requested: string[] }> {
    const requested: string[] = [];
    server = createServer((req, res) => {
      requested.push(req.url ?? '');
      res.writeHead(status, { 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': '3' } : {}) });
      res.end(body);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requested };
  }

  it('lists the online products from the public products endpoint', async () => {
    const products = [
      { product_id: 'BTC-USD', status: 'online' },
      { product_id: 'ETH-USD', status: 'online' },
      { product_id: 'OLD-USD', status: 'delisted' },
      { product_id: 'NEW-USD', status: 'offline' },
    ];
    const { url, requested } = await serve(200, JSON.stringify({ products, num_products: 4 }));
    const answer = await createCoinbaseConnector({ restUrl: url }).listSymbols(new AbortController().signal);
    expect(answer.symbols).toEqual(['BTC-USD', 'ETH-USD']);
    expect(requested).toEqual(['/api/v3/brokerage/market/products']);
  });

  it.each([
    [429, '{"message":"too many"}', 'rate-limited', 3000],
    [503, 'down', 'server-error', undefined],
    [200, 'not json', 'malformed-body', undefined],
    [200, '{"data":[]}', 'malformed-body', undefined],
  ])('rejects HTTP %i %s with a SnapshotError (%s)', async (status, body, reason, retryAfterMs) => {
    const { url } = await serve(status, body);
    const listing = createCoinbaseConnector({ restUrl: url }).listSymbols(new AbortController().signal);
    await expect(listing).rejects.toBeInstanceOf(SnapshotError);
    await expect(listing).rejects.toMatchObject({ reason, retryAfterMs });
  });
});
