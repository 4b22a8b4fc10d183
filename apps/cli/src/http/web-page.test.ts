import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildWebAssets } from '@lob/web/build';
import type { FastifyInstance } from 'fastify';
import { FakeSource, fakeBook } from '../fake-source.test-support.js';
import { createMetrics } from '../metrics/metrics.js';
import { createHttpApp } from './server.js';
import { refusedWith, type StreamHarness } from './stream.test-support.js';

let root: string;
let app: FastifyInstance;
let bare: FastifyInstance;
let base: string;
const book = fakeBook('binance-spot', 'BTCUSDT', { bids: [['100.0', '1']], asks: [['101.0', '2']], lastUpdateId: 10 });

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'lob-web-'));
  await buildWebAssets(root);
  const sources = [new FakeSource('binance-spot', [book])];
  const metrics = createMetrics(sources, { processMetrics: false });
  // A small API allowance, so the test can show the page's files do not use it up.
  app = await createHttpApp({ sources, registry: metrics.registry, webRoot: root, limits: { rateMax: 5 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  base = `127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  bare = await createHttpApp({ sources, registry: metrics.registry });
}, 30_000);

afterAll(async () => {
  await Promise.all([app.close(), bare.close()]);
  rmSync(root, { recursive: true, force: true });
});

describe('the depth page served by the HTTP app', () => {
  it('serves index.html at / and the bundle under /assets, revalidated on each load', async () => {
    const page = await app.inject({ url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body).toContain('/assets/app.js');
    const js = await app.inject({ url: '/assets/app.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect((await app.inject({ url: '/assets/app.css' })).headers['content-type']).toMatch(/^text\/css/);
  });

  it('answers a missing asset with the documented 404, and refuses a path out of the page', async () => {
    const missing = await app.inject({ url: '/assets/nope.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: 'not-found' });
    for (const url of ['/assets/..%2Findex.html', '/assets/..%2F..%2Fpackage.json', '/assets/%2E%2E%2F%2E%2E%2Fpackage.json']) {
      const res = await app.inject({ url });
      expect([res.statusCode, url]).toEqual([400, url]);
      expect(res.json()).toMatchObject({ error: 'bad-request' });
    }
  });

  it('has no page without a built one (tests, or a page that could not be built)', async () => {
    expect((await bare.inject({ url: '/' })).statusCode).toBe(404);
  });

  it('counts the page files in their own allowance: loading the page often leaves the API its own', async () => {
    for (let i = 0; i < 20; i++) expect((await app.inject({ url: '/assets/app.js', remoteAddress: '10.1.1.1' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/status', remoteAddress: '10.1.1.1' })).statusCode).toBe(200);
  });

  it('lets the page it served open /stream (same origin), and still refuses other browser origins', async () => {
    const h = { base: `ws://${base}` } as StreamHarness;
    expect(await refusedWith(h, '/stream?mode=depth&depth=5', { origin: `http://${base}` })).toBe(101);
    expect(await refusedWith(h, '/stream', { origin: 'https://evil.example' })).toBe(403);
  });
});

describe('GET /status', () => {
  it('lists each book with its state, reason, ids, exact depth, resyncs and events applied, and the server time', async () => {
    book.stats.resyncs = { gap: 2, checksum: 1 };
    book.stats.updatesApplied = 42;
    const res = await bare.inject({ url: '/status' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.time).toEqual(expect.any(Number));
    expect(body.books).toEqual([
      { market: 'binance-spot', symbol: 'BTCUSDT', state: 'live', reason: 'snapshot bridged', lastUpdateId: 10, exactDepth: { bids: 1, asks: 1 }, resyncs: 3, updatesApplied: 42 },
    ]);
  });
});
