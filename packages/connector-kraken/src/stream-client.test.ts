import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { HandshakeError } from '@lob/connector-kit';
import { openKrakenStream, type KrakenStreamConnection } from './stream-client.js';
import { FakeKraken, RecordingListener, waitFor } from './stream-client.test-support.js';

let kraken: FakeKraken | undefined;
let connection: KrakenStreamConnection | undefined;
let listener: RecordingListener;

afterEach(async () => {
  connection?.close('test over');
  await kraken?.close();
  kraken = undefined;
  connection = undefined;
  jest.useRealTimers();
});

/** Starts a fake Kraken and connects to it over `protocol`'s URL, waiting until the pairs' subscribe arrived. */
async function connect(protocol: 'v1' | 'v2', pairs: string[], options: { depth?: 25 | 1000; pingIntervalMs?: number } = {}): Promise<FakeKraken> {
  kraken = await FakeKraken.start();
  listener = new RecordingListener();
  const url = protocol === 'v2' ? `${kraken.baseUrl}/v2` : kraken.baseUrl;
  connection = openKrakenStream({ url, pairs, pingIntervalMs: 0, ...options }, listener);
  const server = kraken;
  await waitFor(() => listener.opened === 1 && server.sent('subscribe').length === 1, 'open and subscribe');
  return server;
}

describe('Kraken stream client: subscribing', () => {
  it('v2: connects to /v2 and subscribes every pair in one request with a req_id', async () => {
    const server = await connect('v2', ['BTC/USD', 'DOGE/EUR'], { depth: 25 });
    expect(server.paths).toEqual(['/v2']);
    expect(server.received).toEqual([{ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD', 'DOGE/EUR'], depth: 25, snapshot: true }, req_id: 1 }]);
  });

  it('v1: connects to no path and subscribes in v1 spelling (XBT, XDG) at depth 1000 by default', async () => {
    const server = await connect('v1', ['BTC/USD', 'DOGE/EUR']);
    expect(server.paths).toEqual(['/']);
    expect(server.received).toEqual([{ event: 'subscribe', pair: ['XBT/USD', 'XDG/EUR'], subscription: { name: 'book', depth: 1000 }, reqid: 1 }]);
  });

  it('hands on every text frame as received, and unsubscribe names only the pairs asked', async () => {
    const server = await connect('v2', ['BTC/USD', 'ETH/USD']);
    const book = '{"channel":"book","type":"snapshot","data":[{"symbol":"BTC/USD","bids":[],"asks":[],"checksum":0}]}';
    server.push(book);
    await waitFor(() => listener.frames.length === 1, 'the book frame');
    expect(listener.frames).toEqual([book]);
    expect(listener.alive).toBe(0);
    connection!.unsubscribe(['ETH/USD']);
    await waitFor(() => server.sent('unsubscribe').length === 1, 'the unsubscribe');
    expect(server.sent('unsubscribe')[0]).toEqual({ method: 'unsubscribe', params: { channel: 'book', symbol: ['ETH/USD'], depth: 1000, snapshot: true }, req_id: 2 });
  });
});

describe('Kraken stream client: liveness', () => {
  it.each([
    ['v2', { channel: 'heartbeat' }, { method: 'pong', req_id: 3, time_in: 't', time_out: 't' }],
    ['v1', { event: 'heartbeat' }, { event: 'pong', reqid: 3 }],
  ] as const)('%s: heartbeat and pong count as alive and are still handed on as frames', async (protocol, heartbeat, pong) => {
    const server = await connect(protocol, ['BTC/USD']);
    server.push(heartbeat);
    server.push(pong);
    await waitFor(() => listener.frames.length === 2, 'both frames');
    expect(listener.alive).toBe(2);
  });

  it('ws-level pings from the server count as alive', async () => {
    const server = await connect('v2', ['BTC/USD']);
    server.socket!.ping();
    await waitFor(() => listener.alive === 1, 'the ping to count');
    expect(listener.frames).toEqual([]);
  });

  it.each([
    ['v2', { method: 'ping', req_id: 2 }],
    ['v1', { event: 'ping', reqid: 2 }],
  ] as const)('%s: sends the protocol ping every pingIntervalMs, not before', async (protocol, ping) => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    const server = await connect(protocol, ['BTC/USD'], { pingIntervalMs: 15_000 });
    jest.advanceTimersByTime(14_999);
    server.push(protocol === 'v2' ? { channel: 'heartbeat' } : { event: 'heartbeat' });
    // The heartbeat's round trip shows the client had its chance to send anything due before it.
    await waitFor(() => listener.alive === 1, 'the heartbeat');
    expect(server.sent('ping')).toEqual([]);
    jest.advanceTimersByTime(1);
    await waitFor(() => server.sent('ping').length === 1, 'the first ping');
    expect(server.sent('ping')).toEqual([ping]);
    jest.advanceTimersByTime(15_000);
    await waitFor(() => server.sent('ping').length === 2, 'the second ping');
  });
});

describe('Kraken stream client: onClose exactly once', () => {
  it('when the server closes', async () => {
    const server = await connect('v2', ['BTC/USD']);
    server.socket!.close(1001, 'going away');
    await waitFor(() => listener.closes.length === 1, 'onClose');
    connection!.close('late');
    expect(listener.closes).toEqual([{ reason: 'closed by server (code 1001, going away)', error: undefined }]);
  });

  it('when the client closes, with its reason, and the server sees the close', async () => {
    const server = await connect('v1', ['BTC/USD']);
    let serverSawClose = false;
    server.socket!.on('close', () => (serverSawClose = true));
    connection!.close('shutting down');
    connection!.close('again');
    await waitFor(() => serverSawClose, 'the server to see the close');
    expect(listener.closes).toEqual([{ reason: 'shutting down', error: undefined }]);
  });

  it('when the handshake is refused: a HandshakeError with the status and Retry-After', async () => {
    kraken = await FakeKraken.start({ status: 429, headers: { 'Retry-After': '7' } });
    listener = new RecordingListener();
    connection = openKrakenStream({ url: `${kraken.baseUrl}/v2`, pairs: ['BTC/USD'] }, listener);
    await waitFor(() => listener.closes.length === 1, 'onClose');
    const { reason, error } = listener.closes[0]!;
    expect(reason).toBe('handshake refused');
    expect(error).toBeInstanceOf(HandshakeError);
    expect(error).toMatchObject({ reason: 'handshake-refused', status: 429, retryAfterMs: 7000 });
    expect(listener.opened).toBe(0);
    connection.close();
    expect(listener.closes).toHaveLength(1);
  });

  it('rejects a URL that names neither protocol before opening anything', () => {
    expect(() => openKrakenStream({ url: 'ws://127.0.0.1:1/v3', pairs: [] }, new RecordingListener())).toThrow(/v2/);
  });
});

describe('Kraken stream client: resubscribing one pair', () => {
  /** Subscribes SOL/USD as a marker and waits for it: everything the client sent before has then arrived too. */
  async function drain(server: FakeKraken): Promise<void> {
    const before = server.sent('subscribe').length;
    connection!.subscribe(['SOL/USD']);
    await waitFor(() => server.sent('subscribe').length === before + 1, 'the marker subscribe');
    server.received.pop();
  }

  it('v2: unsubscribes the pair, subscribes it only once the unsubscribe is answered, and leaves the others alone', async () => {
    const server = await connect('v2', ['BTC/USD', 'ETH/USD']);
    expect(connection!.resubscribePair('BTC/USD')).toBe(true);
    expect(connection!.resubscribePair('BTC/USD')).toBe(false);
    await waitFor(() => server.sent('unsubscribe').length === 1, 'the unsubscribe');
    const [unsubscribe] = server.sent('unsubscribe');
    expect(unsubscribe).toEqual({ method: 'unsubscribe', params: { channel: 'book', symbol: ['BTC/USD'], depth: 1000, snapshot: true }, req_id: 2 });
    // An answer about another pair, and a heartbeat, do not release it.
    server.push({ method: 'unsubscribe', success: true, result: { channel: 'book', symbol: 'ETH/USD' }, req_id: 99 });
    await drain(server);
    expect(server.sent('subscribe')).toHaveLength(1);

    server.push({ method: 'unsubscribe', success: true, result: { channel: 'book', symbol: 'BTC/USD', depth: 1000 }, req_id: 2 });
    await waitFor(() => server.sent('subscribe').length === 2, 'the second subscribe');
    expect(server.sent('subscribe')[1]).toMatchObject({ method: 'subscribe', params: { symbol: ['BTC/USD'] } });
    expect(server.sent('unsubscribe').flatMap((m) => (m.params as { symbol: string[] }).symbol)).toEqual(['BTC/USD']);
    expect(connection!.resubscribePair('BTC/USD')).toBe(true);
  });

  it('v1: ties the answer by reqid and subscribes again in v1 spelling', async () => {
    const server = await connect('v1', ['BTC/USD', 'ETH/USD']);
    connection!.resubscribePair('BTC/USD');
    await waitFor(() => server.sent('unsubscribe').length === 1, 'the unsubscribe');
    expect(server.sent('unsubscribe')[0]).toEqual({ event: 'unsubscribe', pair: ['XBT/USD'], subscription: { name: 'book', depth: 1000 }, reqid: 2 });
    await drain(server);
    expect(server.sent('subscribe')).toHaveLength(1);
    server.push({ channelID: 10, event: 'subscriptionStatus', pair: 'XBT/USD', reqid: 2, status: 'unsubscribed', subscription: { name: 'book', depth: 1000 } });
    await waitFor(() => server.sent('subscribe').length === 2, 'the second subscribe');
    expect(server.sent('subscribe')[1]).toMatchObject({ event: 'subscribe', pair: ['XBT/USD'] });
  });

  it("core's resubscribe of a pair whose unsubscribe went unanswered sends it anew, and the answer to that one subscribes", async () => {
    const server = await connect('v2', ['BTC/USD', 'ETH/USD']);
    connection!.resubscribe(['BTC/USD']);
    await waitFor(() => server.sent('unsubscribe').length === 1, 'the unsubscribe');
    // No answer comes; core's snapshot wait runs out and it asks again.
    connection!.resubscribe(['BTC/USD']);
    await waitFor(() => server.sent('unsubscribe').length === 2, 'the second unsubscribe');
    const [first, second] = server.sent('unsubscribe');
    expect(second).toMatchObject({ params: { symbol: ['BTC/USD'] } });
    expect(second!.req_id).not.toBe(first!.req_id);
    server.push({ method: 'unsubscribe', success: true, result: { channel: 'book', symbol: 'BTC/USD' }, req_id: second!.req_id });
    await waitFor(() => server.sent('subscribe').length === 2, 'the second subscribe');
    expect(server.sent('subscribe')[1]).toMatchObject({ params: { symbol: ['BTC/USD'] } });
  });

  it('a refused unsubscribe (not subscribed) still subscribes: the pair is unsubscribed either way', async () => {
    const server = await connect('v2', ['BTC/USD']);
    connection!.resubscribePair('BTC/USD');
    await waitFor(() => server.sent('unsubscribe').length === 1, 'the unsubscribe');
    server.push({ method: 'unsubscribe', success: false, error: 'Subscription Not Found', symbol: 'BTC/USD', req_id: 2 });
    await waitFor(() => server.sent('subscribe').length === 2, 'the second subscribe');
  });
});
