import { afterEach, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { FakeSource, fakeBook } from '../fake-source.test-support.js';
import { createHttpApp } from './server.js';

const levels = { bids: [['1.0', '2'] as [string, string]], asks: [['1.1', '3'] as [string, string]] };

/** Keeps the event loop busy for `ms`, as a flood of requests would. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('load shedding', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function start(maxEventLoopUtilization: number): Promise<{ app: FastifyInstance; registry: Registry }> {
    const registry = new Registry();
    const source = new FakeSource('binance-spot', [fakeBook('binance-spot', 'BTCUSDT', levels)]);
    app = await createHttpApp({ sources: [source], registry, loadShedding: { maxEventLoopUtilization, sampleIntervalMs: 20 } });
    return { app, registry };
  }

  /** Busies the loop across samples until a book answer is refused (a state), for at most 50 tries. */
  async function untilShed(server: FastifyInstance): Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }> {
    for (let i = 0; i < 50; i++) {
      busy(60);
      await new Promise((resolve) => setImmediate(resolve));
      const res = await server.inject({ method: 'GET', url: '/books/binance-spot/BTCUSDT' });
      if (res.statusCode === 503) return res;
    }
    throw new Error('never shed');
  }

  it('refuses book answers and /metrics with 503 and Retry-After while the loop is too busy, and serves the cheap routes', async () => {
    const { app: server, registry } = await start(0.3);
    const shed = await untilShed(server);
    expect(shed.headers['retry-after']).toBe('1');
    expect(JSON.parse(shed.body)).toEqual({ error: 'unavailable', message: 'the server is busy keeping its books fresh: retry in a second' });
    busy(60);
    await new Promise((resolve) => setImmediate(resolve));
    const [metrics, health, list] = await Promise.all(['/metrics', '/health', '/books'].map((url) => server.inject({ method: 'GET', url })));
    expect(metrics?.statusCode).toBe(503);
    expect(health?.statusCode).toBe(200);
    expect(list?.statusCode).toBe(200);
    expect(await registry.getSingleMetricAsString('lob_api_shed_total')).toMatch(/lob_api_shed_total\{route="\/books\/:venue\/:symbol"\} [1-9]/);
  });

  it('serves every answer again once the loop is idle', async () => {
    const { app: server } = await start(0.3);
    await untilShed(server);
    let status = 503;
    for (let i = 0; i < 400 && status === 503; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      status = (await server.inject({ method: 'GET', url: '/books/binance-spot/BTCUSDT' })).statusCode;
    }
    expect(status).toBe(200);
  });

  it('never sheds when turned off', async () => {
    const { app: server } = await start(0);
    busy(100);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await server.inject({ method: 'GET', url: '/books/binance-spot/BTCUSDT' })).statusCode).toBe(200);
  });
});
