import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { StreamListener } from '@lob/core';
import { WebSocketServer, type WebSocket } from 'ws';
import { HandshakeError } from '@lob/connector-kit';
import { openOkxStream, type OkxStreamConnection, type OkxStreamOptions } from './stream-client.js';

// Captured before any test fakes timers: waiting for a state must use the real clock.
const realSetTimeout = globalThis.setTimeout;

/** Waits until `ready()` holds, polling on the real clock; fails naming `what` after 5 s. */
async function until(ready: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => realSetTimeout(resolve, 5));
  }
}

/** A loopback OKX stand-in: records every text the client sends and can push frames to it. */
interface FakeOkx {
  readonly url: string;
  readonly received: string[];
  readonly sockets: WebSocket[];
  push(text: string): void;
}

const servers: WebSocketServer[] = [];
const connections: OkxStreamConnection[] = [];

async function startFakeOkx(refuse?: { status: number; headers?: Record<string, string> }): Promise<FakeOkx> {
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    ...(refuse === undefined ? {} : { verifyClient: (_info: unknown, done: (ok: boolean, status: number, message: string, headers?: Record<string, string>) => void) => done(false, refuse.status, 'refused', refuse.headers) }),
  });
  servers.push(wss);
  await once(wss, 'listening');
  const fake: FakeOkx = {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws/v5/public`,
    received: [],
    sockets: [],
    push: (text) => fake.sockets.forEach((socket) => socket.send(text)),
  };
  wss.on('connection', (socket) => {
    fake.sockets.push(socket);
    socket.on('message', (data) => fake.received.push(data.toString()));
  });
  return fake;
}

interface Recorded {
  opened: number;
  frames: string[];
  alive: number;
  closes: { reason: string; error: Error | undefined }[];
}

function open(options: OkxStreamOptions): { client: OkxStreamConnection; seen: Recorded } {
  const seen: Recorded = { opened: 0, frames: [], alive: 0, closes: [] };
  const listener: StreamListener = {
    onOpen: () => seen.opened++,
    onFrame: (frame) => seen.frames.push(frame),
    onAlive: () => seen.alive++,
    onClose: (reason, error) => seen.closes.push({ reason, error }),
  };
  const client = openOkxStream(options, listener);
  connections.push(client);
  return { client, seen };
}

const parsed = (text: string): { op: string; args: { channel: string; instId: string }[] } => JSON.parse(text) as ReturnType<typeof parsed>;

afterEach(async () => {
  jest.useRealTimers();
  connections.splice(0).forEach((client) => client.close('test over'));
  for (const wss of servers.splice(0)) {
    wss.clients.forEach((socket) => socket.terminate());
    await new Promise((resolve) => wss.close(resolve));
  }
});

describe('OKX stream client', () => {
  it('subscribes the initial instIds on open, in requests no larger than the byte limit, in order', async () => {
    const okx = await startFakeOkx();
    const instIds = ['BTC-USDT', 'ETH-USDT', 'SOL-USDT', 'BTC-USDT-SWAP', 'ETH-USDT-SWAP', 'BTC-USD-251226', 'XRP-USDT'];
    const { seen } = open({ url: okx.url, instIds, maxRequestBytes: 160 });
    await until(() => seen.opened === 1, 'open');
    await until(() => okx.received.flatMap((text) => parsed(text).args).length === instIds.length, 'all subscriptions');
    expect(okx.received.length).toBeGreaterThan(1);
    for (const text of okx.received) {
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(160);
      expect(parsed(text).op).toBe('subscribe');
    }
    const args = okx.received.flatMap((text) => parsed(text).args);
    expect(args).toEqual(instIds.map((instId) => ({ channel: 'books', instId })));
  });

  it('hands on every data frame, and counts a text pong and a WebSocket ping as alive, not as frames', async () => {
    const okx = await startFakeOkx();
    const { seen } = open({ url: okx.url, instIds: ['BTC-USDT'] });
    await until(() => okx.sockets.length === 1 && seen.opened === 1, 'open');
    okx.push('{"event":"subscribe","arg":{"channel":"books","instId":"BTC-USDT"}}');
    okx.push('pong');
    okx.sockets[0]!.ping();
    okx.push('{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"update","data":[]}');
    await until(() => seen.frames.length === 2 && seen.alive === 2, 'two frames and two signs of life');
    expect(seen.frames).not.toContain('pong');
  });

  it('sends the text ping only after 25 s of silence, never while frames flow, and closes when nothing answers', async () => {
    jest.useFakeTimers({ doNotFake: ['Date', 'performance', 'hrtime', 'nextTick', 'setImmediate', 'queueMicrotask'] });
    const okx = await startFakeOkx();
    const { client, seen } = open({ url: okx.url, instIds: ['BTC-USDT'] });
    await until(() => okx.received.length === 1 && seen.opened === 1, 'open and subscribed');
    // Whatever the client sent before a marker request has reached the server once the marker has.
    const sentSoFar = async (): Promise<string[]> => {
      const marker = `M${okx.received.length}-USDT`;
      client.subscribe([marker]);
      await until(() => okx.received.some((text) => text.includes(marker)), 'the marker');
      return okx.received.filter((text) => !text.includes('"op"'));
    };

    jest.advanceTimersByTime(24_000);
    okx.push('{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"update","data":[]}');
    await until(() => seen.frames.length === 1, 'the frame');
    jest.advanceTimersByTime(24_999); // 48.999 s since open, but under 25 s since the frame
    expect(await sentSoFar()).toEqual([]);
    jest.advanceTimersByTime(1);
    await until(() => okx.received.includes('ping'), 'the ping');

    okx.push('pong');
    await until(() => seen.alive === 1, 'the pong');
    jest.advanceTimersByTime(24_999);
    expect(await sentSoFar()).toEqual(['ping']);
    expect(seen.closes).toEqual([]);

    jest.advanceTimersByTime(1); // second ping, left unanswered
    await until(() => okx.received.filter((text) => text === 'ping').length === 2, 'the second ping');
    jest.advanceTimersByTime(25_000);
    expect(seen.closes).toHaveLength(1);
    expect(seen.closes[0]!.reason).toMatch(/of our ping/);
  });

  it('closes once when the server closes', async () => {
    const okx = await startFakeOkx();
    const { client, seen } = open({ url: okx.url, instIds: ['BTC-USDT'] });
    await until(() => okx.sockets.length === 1 && seen.opened === 1, 'open');
    const serverSide = once(okx.sockets[0]!, 'close');
    okx.sockets[0]!.close(4000, 'going away');
    await serverSide;
    await until(() => seen.closes.length === 1, 'onClose');
    client.close('late close');
    expect(seen.closes).toEqual([{ reason: 'closed by server (code 4000, going away)', error: undefined }]);
  });

  it('closes once when the client closes, and sends nothing afterwards', async () => {
    const okx = await startFakeOkx();
    const { client, seen } = open({ url: okx.url, instIds: ['BTC-USDT'] });
    await until(() => okx.received.length === 1, 'subscribed');
    const serverSide = once(okx.sockets[0]!, 'close');
    client.close('resharding');
    client.close('again');
    client.subscribe(['ETH-USDT']);
    const [code] = (await serverSide) as [number];
    expect(code).toBe(1000);
    expect(seen.closes).toEqual([{ reason: 'resharding', error: undefined }]);
    expect(okx.received).toHaveLength(1);
  });

  it('reports a refused handshake once, as a HandshakeError with status and Retry-After', async () => {
    const okx = await startFakeOkx({ status: 429, headers: { 'Retry-After': '7' } });
    const { seen } = open({ url: okx.url, instIds: ['BTC-USDT'] });
    await until(() => seen.closes.length === 1, 'onClose');
    const error = seen.closes[0]!.error;
    expect(error).toBeInstanceOf(HandshakeError);
    expect(error).toMatchObject({ reason: 'handshake-refused', status: 429, retryAfterMs: 7_000 });
    expect(seen.opened).toBe(0);
  });

  it('resyncs one book by unsubscribe + subscribe of its instId alone', async () => {
    const okx = await startFakeOkx();
    const { client } = open({ url: okx.url, instIds: ['BTC-USDT', 'ETH-USDT', 'SOL-USDT'] });
    await until(() => okx.received.length === 1, 'subscribed');
    client.unsubscribe(['ETH-USDT']);
    client.subscribe(['ETH-USDT']);
    await until(() => okx.received.length === 3, 'the resync requests');
    expect(okx.received.slice(1).map(parsed)).toEqual([
      { op: 'unsubscribe', args: [{ channel: 'books', instId: 'ETH-USDT' }] },
      { op: 'subscribe', args: [{ channel: 'books', instId: 'ETH-USDT' }] },
    ]);
  });
});
