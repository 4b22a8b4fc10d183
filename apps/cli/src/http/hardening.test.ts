import type { Level } from '@lob/core';
import type { FastifyInstance } from 'fastify';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { FakeSource, fakeBook, type FakeBook } from '../fake-source.test-support.js';
import { createMetrics } from '../metrics/metrics.js';
import type { HttpLimits } from './limits.js';
import { createHttpApp, listenHttp } from './server.js';

let app: FastifyInstance | undefined;
let btc: FakeBook;
let clock = 0;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

function levels(n: number): { bids: Level[]; asks: Level[] } {
  return {
    bids: Array.from({ length: n }, (_, i) => [`${10_000 - i}.5`, '1.25'] as Level),
    asks: Array.from({ length: n }, (_, i) => [`${10_001 + i}.5`, '2.5'] as Level),
  };
}

async function start(limits: Partial<HttpLimits> = {}): Promise<{ app: FastifyInstance; metrics: ReturnType<typeof createMetrics> }> {
  btc = fakeBook('binance-spot', 'BTCUSDT', { ...levels(6000), lastUpdateId: 10 });
  const spot = new FakeSource('binance-spot', [btc]);
  const metrics = createMetrics([spot], { processMetrics: false, now: () => 1_000_000 });
  app = await createHttpApp({ sources: [spot], registry: metrics.registry, limits, now: () => clock });
  await app.ready();
  return { app, metrics };
}

const errorShape = { error: expect.any(String), message: expect.any(String) };

describe('methods', () => {
  it('answers a known path asked with another method with 405 and Allow, without reading the body', async () => {
    const { app } = await start();
    for (const [method, url] of [
      ['POST', '/books'],
      ['DELETE', '/books/spot/BTCUSDT'],
      ['PUT', '/metrics'],
      ['PATCH', '/health'],
    ] as const) {
      const res = await app.inject({ method, url, payload: 'x'.repeat(2_000_000), headers: { 'content-type': 'application/json' } });
      expect({ url, method, status: res.statusCode, allow: res.headers.allow, body: res.json() }).toEqual({
        url,
        method,
        status: 405,
        allow: 'GET, HEAD',
        body: { error: 'method-not-allowed', message: `${method} is not allowed here; allowed: GET, HEAD` },
      });
    }
  });

  it('still answers HEAD on GET routes', async () => {
    const { app } = await start();
    expect((await app.inject({ method: 'HEAD', url: '/health' })).statusCode).toBe(200);
  });
});

describe('errors, the framework’s included, in the documented shape without the client’s input', () => {
  it('refuses a body on a route that takes none with 413', async () => {
    const { app } = await start();
    const res = await app.inject({ method: 'GET', url: '/books', payload: JSON.stringify({ a: 'x'.repeat(1_000_000) }), headers: { 'content-type': 'application/json' } });
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 413, body: { error: 'payload-too-large', message: expect.any(String) } });
  });

  it('refuses a body on an unknown route with 413 before reading it', async () => {
    const { app } = await start();
    const res = await app.inject({ method: 'POST', url: '/nowhere', payload: JSON.stringify({ a: 'x'.repeat(1_000_000) }), headers: { 'content-type': 'application/json' } });
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 413, body: { error: 'payload-too-large', message: expect.any(String) } });
  });

  it('answers a too long path parameter with 414, without echoing the URL', async () => {
    const { app } = await start();
    const res = await app.inject({ method: 'GET', url: `/books/spot/${'Q'.repeat(5000)}` });
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 414, body: { error: 'uri-too-long', message: expect.any(String) } });
    expect(res.body).not.toContain('QQQQ');
  });

  it('answers a bad query with 400 naming the parameter, not its value', async () => {
    const { app } = await start();
    const res = await app.inject({ method: 'GET', url: '/books/spot/BTCUSDT?depth=%3Cscript%3E' });
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 400, body: { error: 'bad-request', message: 'depth must be an integer from 1 to 5000, or "all"' } });
    expect(res.body).not.toContain('script');
  });

  it('answers an unknown venue or a misspelt symbol without quoting it', async () => {
    const { app } = await start();
    for (const url of ['/books/evilvenue/BTCUSDT', '/books/spot/evil%1B%5B31m']) {
      const res = await app.inject({ method: 'GET', url });
      expect({ url, status: res.statusCode, body: res.json() }).toEqual({ url, status: 400, body: { error: 'bad-request', message: expect.any(String) } });
      expect(res.body).not.toMatch(/evil/i);
    }
  });

  it('answers a request Node cannot parse with a JSON 400 in the documented shape', async () => {
    const { app } = await start();
    const url = new URL(await listenHttp(app, { host: '127.0.0.1', port: 0 }));
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), '127.0.0.1', () => socket.write('GET /books HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += String(chunk)));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({ error: 'bad-request', message: 'the request is malformed' });
  });
});

describe('bounded work per book answer', () => {
  it('caps depth=N at the documented 5000 and keeps depth=all', async () => {
    const { app } = await start();
    expect((await app.inject({ url: '/books/spot/BTCUSDT?depth=5001' })).statusCode).toBe(400);
    expect(((await app.inject({ url: '/books/spot/BTCUSDT?depth=5000' })).json() as { bids: Level[] }).bids).toHaveLength(5000);
    expect(((await app.inject({ url: '/books/spot/BTCUSDT?depth=ALL' })).json() as { bids: Level[] }).bids).toHaveLength(6000);
  });

  it('reuses the serialized answer while the book is unchanged and renders anew after an update', async () => {
    const { app } = await start();
    const first = (await app.inject({ url: '/books/spot/BTCUSDT?depth=all' })).body;
    // Changed behind the book's back (no update counted): a reused answer cannot see it, which proves the reuse.
    btc.book.set('bid', '10000.5', '9');
    expect((await app.inject({ url: '/books/spot/BTCUSDT?depth=all' })).body).toBe(first);
    // An applied update (its count and id move) is seen at once, at every depth.
    btc.stats.updatesApplied++;
    btc.lastUpdateId = 11;
    const after = (await app.inject({ url: '/books/spot/BTCUSDT?depth=all' })).json() as { lastUpdateId: number; bids: Level[] };
    expect(after.lastUpdateId).toBe(11);
    expect(after.bids[0]).toEqual(['10000.5', '9']);
    expect(((await app.inject({ url: '/books/spot/BTCUSDT?depth=1' })).json() as { bids: Level[] }).bids).toEqual([['10000.5', '9']]);
  });
});

describe('/metrics', () => {
  it('reuses one rendering for about a second, then renders anew', async () => {
    const { app } = await start({ metricsCacheMs: 1000 });
    clock = 0;
    const first = (await app.inject({ url: '/metrics' })).body;
    btc.stats.updatesApplied += 5;
    clock = 999;
    expect((await app.inject({ url: '/metrics' })).body).toBe(first);
    clock = 1000;
    expect((await app.inject({ url: '/metrics' })).body).not.toBe(first);
  });
});

describe('limits per client and connection', () => {
  it('answers a client over its rate with 429, retry-after and the documented shape', async () => {
    const { app } = await start({ rateMax: 3, rateWindowMs: 60_000 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await app.inject({ url: '/health' })).statusCode);
    const over = await app.inject({ url: '/books' });
    expect(statuses).toEqual([200, 200, 200]);
    expect({ status: over.statusCode, body: over.json(), retry: over.headers['retry-after'] }).toEqual({
      status: 429,
      body: { error: 'too-many-requests', message: expect.any(String) },
      retry: expect.any(String),
    });
  });

  it('counts requests for unknown paths against the client too', async () => {
    const { app } = await start({ rateMax: 2, rateWindowMs: 60_000 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await app.inject({ url: `/nowhere/${i}` })).statusCode);
    expect(statuses).toEqual([404, 404, 429]);
  });

  it('counts each client address on its own', async () => {
    const { app } = await start({ rateMax: 1, rateWindowMs: 60_000 });
    expect((await app.inject({ url: '/health', remoteAddress: '127.0.0.2' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/health', remoteAddress: '127.0.0.3' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/health', remoteAddress: '127.0.0.2' })).statusCode).toBe(429);
  });

  it('runs the server with the documented connection cap and timeouts', async () => {
    const { app } = await start({ maxConnections: 7, requestTimeoutMs: 1234, keepAliveTimeoutMs: 567 });
    expect({ max: app.server.maxConnections, request: app.server.requestTimeout, keepAlive: app.server.keepAliveTimeout }).toEqual({ max: 7, request: 1234, keepAlive: 567 });
  });
});

describe('error shape', () => {
  it('is the same for every status', async () => {
    const { app } = await start();
    for (const url of ['/nowhere', '/books/spot/XRPUSDT', '/books/spot/BTCUSDT?depth=0']) expect((await app.inject({ url })).json()).toEqual(errorShape);
  });
});
