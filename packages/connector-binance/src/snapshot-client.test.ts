import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BinanceSim } from '@lob/exchange-sim';
import { SnapshotError } from '@lob/core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SnapshotClient } from './snapshot-client.js';

/** A loopback HTTP server answering every request with what the test sets. */
let answer: (res: import('node:http').ServerResponse) => void = (res) => res.end();
let server: Server;
let baseUrl: string;
let sim: BinanceSim;

beforeAll(async () => {
  server = createServer((_req, res) => answer(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sim = await BinanceSim.start({ market: 'spot', symbols: [{ symbol: 'BTCUSDT', levelsPerSide: 50 }], autoTick: false });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await sim.close();
});

async function failure(client: SnapshotClient, symbol = 'BTCUSDT'): Promise<SnapshotError> {
  try {
    await client.fetch(symbol, new AbortController().signal);
  } catch (error) {
    expect(error).toBeInstanceOf(SnapshotError);
    return error as SnapshotError;
  } finally {
    await client.close();
  }
  throw new Error('expected the fetch to fail');
}

describe('SnapshotClient', () => {
  it("fetches a snapshot with the exchange's strings and reads the used weight header", async () => {
    const client = new SnapshotClient({ baseUrl: sim.restUrl, depthPath: '/api/v3/depth', limit: 100 });
    const { snapshot, usedWeight } = await client.fetch('BTCUSDT', new AbortController().signal);
    await client.close();
    const truth = sim.book('BTCUSDT');
    expect(snapshot.lastUpdateId).toBe(truth.lastUpdateId);
    expect(snapshot.bids).toEqual(truth.bids.slice(0, 100));
    expect(snapshot.asks).toEqual(truth.asks.slice(0, 100));
    expect(usedWeight).toBeGreaterThanOrEqual(5);
  });

  it("reads the exchange's clock from the Date header as serverTime", async () => {
    sim.setClockOffset(3 * 3_600_000 + 1_234);
    const client = new SnapshotClient({ baseUrl: sim.restUrl, depthPath: '/api/v3/depth', limit: 100 });
    const { serverTime } = await client.fetch('BTCUSDT', new AbortController().signal);
    await client.close();
    expect(serverTime! % 1000).toBe(0); // an HTTP date has whole seconds
    expect(sim.now() - serverTime!).toBeGreaterThanOrEqual(0);
    expect(sim.now() - serverTime!).toBeLessThan(2_000);
    sim.setClockOffset(0);
  });

  it('probes the used weight and the clock on the ping endpoint, for weight 1 and no snapshot', async () => {
    sim.moveClockToMinuteEnd(50_000);
    sim.useWeight(100);
    const snapshots = sim.stats().snapshotRequests;
    const client = new SnapshotClient({ baseUrl: sim.restUrl, depthPath: '/api/v3/depth', pingPath: '/api/v3/ping', limit: 100 });
    const report = await client.probeUsedWeight(new AbortController().signal);
    await client.close();
    expect(report.usedWeight).toBe(101);
    expect(Math.abs(sim.now() - report.serverTime!)).toBeLessThan(2_000);
    expect(sim.stats().snapshotRequests).toBe(snapshots);
    sim.setClockOffset(0);
  });

  it('maps a 429 to the ping as rate-limited with its Retry-After', async () => {
    answer = (res) => {
      res.writeHead(429, { 'retry-after': '3' });
      res.end('{"code":-1003,"msg":"Too many requests"}');
    };
    const client = new SnapshotClient({ baseUrl, depthPath: '/api/v3/depth', pingPath: '/api/v3/ping', limit: 100 });
    await expect(client.probeUsedWeight(new AbortController().signal)).rejects.toMatchObject({ reason: 'rate-limited', retryAfterMs: 3_000 });
    await client.close();
  });

  it.each([
    ['0', 0],
    ['an empty', undefined],
    ['a non-numeric', undefined],
  ] as const)('reads %s Retry-After header as %p: an empty one is no value, not 0 (the limiter floors 0, defaults none)', async (name, retryAfterMs) => {
    const header = name === 'an empty' ? '' : name === 'a non-numeric' ? 'soon' : name;
    answer = (res) => {
      res.writeHead(429, { 'retry-after': header, 'x-mbx-used-weight-1m': '' });
      res.end('{"code":-1003,"msg":"Too many requests"}');
    };
    const error = await failure(new SnapshotClient({ baseUrl, depthPath: '/api/v3/depth', limit: 100 }));
    expect(error.reason).toBe('rate-limited');
    expect(error.retryAfterMs).toBe(retryAfterMs);
  });

  it("turns Binance's 400 -1121 (a symbol it does not know) into unknown-symbol, which is never retried", async () => {
    const error = await failure(new SnapshotClient({ baseUrl: sim.restUrl, depthPath: '/api/v3/depth', limit: 100 }), 'NOPEUSDT');
    expect(error.reason).toBe('unknown-symbol');
    expect(error.status).toBe(400);
    expect(error.message).toBe('snapshot of NOPEUSDT: HTTP 400 -1121 Invalid symbol.');
  });

  it("turns any other Binance 400 into a client-error naming code and message", async () => {
    const error = await failure(new SnapshotClient({ baseUrl: sim.restUrl, depthPath: '/api/v3/depth', limit: 100 }), 'btc/usdt');
    expect(error.reason).toBe('client-error');
    expect(error.status).toBe(400);
    expect(error.message).toContain('-1100');
  });

  it.each([
    [429, 'rate-limited', 7_000],
    [418, 'banned', 120_000],
    [503, 'server-error', undefined],
  ] as const)('maps HTTP %i to %s with its Retry-After', async (status, reason, retryAfterMs) => {
    answer = (res) => {
      res.writeHead(status, retryAfterMs === undefined ? {} : { 'retry-after': String(retryAfterMs / 1000) });
      res.end('{"code":-1003,"msg":"Too many requests"}');
    };
    const error = await failure(new SnapshotClient({ baseUrl, depthPath: '/api/v3/depth', limit: 100 }));
    expect(error.reason).toBe(reason);
    expect(error.retryAfterMs).toBe(retryAfterMs);
  });

  it.each([
    ['not JSON', 'oops'],
    ['no lastUpdateId', '{"bids":[],"asks":[]}'],
    ['numbers for levels', '{"lastUpdateId":1,"bids":[[1,2]],"asks":[]}'],
  ])('rejects a body with %s as malformed-body', async (_name, body) => {
    answer = (res) => res.end(body);
    expect((await failure(new SnapshotClient({ baseUrl, depthPath: '/api/v3/depth', limit: 100 }))).reason).toBe('malformed-body');
  });

  it('times out a server that never answers', async () => {
    answer = () => undefined;
    expect((await failure(new SnapshotClient({ baseUrl, depthPath: '/api/v3/depth', limit: 100, timeoutMs: 200 }))).reason).toBe('timeout');
  });

  it('reports a refused connection as a network error naming the URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(new SnapshotClient({ baseUrl: `http://127.0.0.1:${port}`, depthPath: '/api/v3/depth', limit: 100 }));
    expect(error.reason).toBe('network');
    expect(error.message).toContain(`127.0.0.1:${port}/api/v3/depth`);
  });

  it('stops at once when aborted', async () => {
    answer = () => undefined;
    const client = new SnapshotClient({ baseUrl, depthPath: '/api/v3/depth', limit: 100 });
    const controller = new AbortController();
    const pending = client.fetch('BTCUSDT', controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ reason: 'aborted' });
    await client.close();
  });
});
