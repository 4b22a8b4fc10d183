import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from '@jest/globals';
import WebSocket from 'ws';
import { FakeSource, fakeBook } from '../fake-source.test-support.js';
import { createMetrics } from '../metrics/metrics.js';
import { createHttpApp, listenHttp } from './server.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A /stream client that never reads again once connected: it answers no close frame, no ping. */
async function deafClient(url: string): Promise<void> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/stream`);
  await new Promise<void>((resolve, reject) => {
    ws.once('message', () => resolve());
    ws.once('error', reject);
  });
  const raw = (ws as unknown as { _socket: import('node:net').Socket })._socket;
  raw.pause();
  raw.removeAllListeners('data');
}

describe('closing the server', () => {
  it('ends WebSocket clients that do not answer the close handshake, so close() does not wait on them', async () => {
    const book = fakeBook('binance-spot', 'BTCUSDT', { bids: [['1', '1']], asks: [['2', '1']], lastUpdateId: 1 });
    const sources = [new FakeSource('binance-spot', [book])];
    app = await createHttpApp({ sources, registry: createMetrics(sources, { processMetrics: false }).registry, streamIntervalMs: 20 });
    const url = await listenHttp(app, { host: '127.0.0.1', port: 0 });
    await Promise.all([deafClient(url), deafClient(url), deafClient(url)]);
    const server = app;
    app = undefined;
    const serverSides = [...server.websocketServer.clients].map((c) => (c as unknown as { _socket: import('node:net').Socket })._socket);
    expect(serverSides).toHaveLength(3);
    await server.close();
    // Each deaf client's socket is ended by the server, not by the client: waiting for that state is the test.
    await Promise.all(serverSides.map((s) => (s.destroyed ? undefined : new Promise((resolve) => s.once('close', resolve)))));
    expect(serverSides.every((s) => s.destroyed)).toBe(true);
  });
});
