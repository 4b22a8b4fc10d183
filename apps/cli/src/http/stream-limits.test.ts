import type { Level } from '@lob/core';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Socket } from 'node:net';
import type { StreamLimits } from './stream-limits.js';
import { applyUpdate, openClient, refusedWith, streamHarness, type StreamHarness } from './stream.test-support.js';

const open: StreamHarness[] = [];
async function harness(limits: Partial<StreamLimits>): Promise<StreamHarness> {
  const h = await streamHarness(limits);
  open.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.app.close()));
});

const isType = (type: string) => (m: Record<string, unknown>) => m.type === type;

describe('/stream limits', () => {
  it('refuses a browser Origin not on the allow-list with 403, and serves programs and allowed origins', async () => {
    const s = await harness({ allowedOrigins: ['http://127.0.0.1:8080'] });
    expect(await refusedWith(s, '/stream', { origin: 'https://evil.example' })).toBe(403);
    expect(await refusedWith(s, '/stream', { origin: 'http://127.0.0.1:8080' })).toBe(101);
    expect(await refusedWith(s, '/stream')).toBe(101);
    const res = await s.app.inject({ method: 'GET', url: '/stream', headers: { origin: 'https://evil.example' } });
    expect(res.json()).toEqual({ error: 'forbidden', message: 'this Origin may not open the stream' });
  });

  it('caps connections per client (429) and in total (503)', async () => {
    const s = await harness({ maxConnectionsPerClient: 2, maxConnections: 3 });
    const a = await openClient(s, '/stream?symbols=binance-spot:ethusdt');
    const b = await openClient(s, '/stream?symbols=binance-spot:ethusdt');
    await Promise.all([a.until(isType('top')), b.until(isType('top'))]);
    expect(await refusedWith(s, '/stream')).toBe(429);
    a.ws.terminate();
    await a.closed;
    // Once a connection is gone its place is free again.
    const c = await openClient(s, '/stream?symbols=binance-spot:ethusdt');
    await c.until(isType('top'));
    b.ws.terminate();
    c.ws.terminate();
    await Promise.all([b.closed, c.closed]);
    const total = await harness({ maxConnections: 1 });
    const only = await openClient(total, '/stream?symbols=binance-spot:ethusdt');
    await only.until(isType('top'));
    expect(await refusedWith(total, '/stream')).toBe(503);
    only.ws.terminate();
  });

  it('caps the books one connection follows, in the query (429) and in subscribe messages (an error, the connection kept)', async () => {
    const s = await harness({ maxSubscriptions: 2 });
    expect(await refusedWith(s, '/stream')).toBe(429); // every book: 3
    const c = await openClient(s, '/stream?symbols=btcusdt,ethusdt');
    await c.until(isType('top'), 2);
    c.send({ op: 'subscribe', symbols: ['kraken:BTC/USD'], mode: 'diff' });
    const [error] = await c.until(isType('error'));
    expect(error).toMatchObject({ error: 'too-many-subscriptions' });
    c.send({ op: 'unsubscribe', symbols: ['ethusdt'] });
    c.send({ op: 'subscribe', symbols: ['kraken:BTC/USD'], mode: 'diff' });
    await c.until(isType('snapshot'));
    c.ws.terminate();
  });

  it('closes a connection that sends a frame larger than maxPayload (1009)', async () => {
    const s = await harness({ maxPayloadBytes: 1024 });
    const c = await openClient(s, '/stream?symbols=binance-spot:ethusdt');
    c.send({ op: 'subscribe', symbols: Array.from({ length: 200 }, () => 'binance-spot:ethusdt') });
    expect(await c.closed).toBe(1009);
  });

  it('pings every interval and terminates a client that does not answer, keeping one that does', async () => {
    const s = await harness({ pingIntervalMs: 40 });
    const answering = await openClient(s, '/stream?symbols=binance-spot:ethusdt');
    const silent = await openClient(s, '/stream?symbols=binance-spot:ethusdt', { autoPong: false });
    let pings = 0;
    answering.ws.on('ping', () => pings++);
    expect(await silent.closed).toBe(1006); // terminated: no close frame
    while (pings < 4) await new Promise((r) => setTimeout(r, 10));
    expect(answering.ws.readyState).toBe(answering.ws.OPEN);
    answering.ws.terminate();
  });

  it('closes a diff client that stops reading with 1008 once its backlog passes the limit, and keeps serving the others', async () => {
    const s = await harness({ maxBufferedBytes: 64 * 1024 });
    const slow = await openClient(s, '/stream?symbols=binance-spot:btcusdt&mode=diff');
    const reader = await openClient(s, '/stream?symbols=binance-spot:btcusdt&mode=diff');
    await Promise.all([slow.until(isType('snapshot')), reader.until(isType('snapshot'))]);
    (slow.ws as unknown as { _socket: Socket })._socket.pause();
    const levels: Level[] = Array.from({ length: 200 }, (_, i) => [`${50 + i / 100}`, '1']);
    const serverSockets = (): { readyState: number }[] => [...(s.app as unknown as { websocketServer: { clients: Set<{ readyState: number }> } }).websocketServer.clients];
    let sent = 0;
    // Until the server gives up on the slow one (the kernel's buffers absorb a few MB first).
    while (serverSockets().every((ws) => ws.readyState === 1) && sent < 5_000) {
      for (let i = 0; i < 50; i++, sent++) applyUpdate(s, s.btc, levels, []);
      await new Promise((r) => setImmediate(r));
    }
    (slow.ws as unknown as { _socket: Socket })._socket.resume();
    expect(await slow.closed).toBe(1008);
    applyUpdate(s, s.btc, [['1.0', '1']], []);
    await reader.until((m) => m.type === 'diff' && m.seq === sent + 1);
    reader.ws.terminate();
  });
});
