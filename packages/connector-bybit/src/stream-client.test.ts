import { afterEach, describe, expect, it } from '@jest/globals';
import type { StreamListener } from '@lob/core';
import { FakeBybitServer } from './bybit-server.test-support.js';
import { until } from './bybit-feed.test-support.js';
import { RefusalRetry } from './refusal-retry.js';
import { openBybitStream, type BybitStreamConnection } from './stream-client.js';
import { subscribeRequests } from './subscribe-requests.js';

const opened: { server: FakeBybitServer; connection: BybitStreamConnection }[] = [];
afterEach(async () => {
  for (const { server, connection } of opened.splice(0)) {
    connection.close();
    await server.close();
  }
});

/** A listener recording what the stream client reports. */
function recorder() {
  const seen = { open: 0, frames: [] as string[], alive: 0, closed: [] as string[] };
  const listener: StreamListener = {
    onOpen: () => seen.open++,
    onFrame: (frame) => seen.frames.push(frame),
    onAlive: () => seen.alive++,
    onClose: (reason) => seen.closed.push(reason),
  };
  return { seen, listener };
}

describe('subscribeRequests', () => {
  it('fills requests with at most the given number of topics, in order, carrying the req_id when given', () => {
    const topics = Array.from({ length: 23 }, (_, i) => `orderbook.200.S${i}`);
    const requests = subscribeRequests('subscribe', topics, 10, 'lob-1').map((r) => JSON.parse(r) as { req_id: string; op: string; args: string[] });
    expect(requests.map((r) => r.args.length)).toEqual([10, 10, 3]);
    expect(requests.flatMap((r) => r.args)).toEqual(topics);
    expect(requests.every((r) => r.op === 'subscribe' && r.req_id === 'lob-1')).toBe(true);
    expect(JSON.parse(subscribeRequests('unsubscribe', ['orderbook.1.X'], 10)[0]!)).toEqual({ op: 'unsubscribe', args: ['orderbook.1.X'] });
  });
});

describe('RefusalRetry', () => {
  it('hands back the symbols of a refused request that the refusal did not name, once', () => {
    const retry = new RefusalRetry();
    const reqId = retry.track(['BTCUSDT', 'FOO', 'ETHUSDT']);
    const refusal = JSON.stringify({ success: false, ret_msg: 'Invalid symbol :[orderbook.200.FOO]', conn_id: 'c', req_id: reqId, op: 'subscribe' });
    expect(retry.onReply(refusal)).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(retry.onReply(refusal)).toEqual([]);
  });

  it('retries nothing on success, on a refusal naming no symbol, on "already subscribed", or on an unknown req_id', () => {
    const retry = new RefusalRetry();
    const reply = (reqId: string, success: boolean, ret_msg: string) => JSON.stringify({ success, ret_msg, req_id: reqId, op: 'subscribe' });
    expect(retry.onReply(reply(retry.track(['A1', 'B1']), true, ''))).toEqual([]);
    expect(retry.onReply(reply(retry.track(['A1', 'B1']), false, 'service busy'))).toEqual([]);
    expect(retry.onReply(reply(retry.track(['A1', 'B1']), false, 'error:already subscribed,topic:orderbook.200.A1'))).toEqual([]);
    expect(retry.onReply(reply('lob-999', false, 'Invalid symbol :[orderbook.200.A1]'))).toEqual([]);
  });
});

describe('openBybitStream over loopback', () => {
  it('subscribes on open in requests of at most 10 topics at the configured depth', async () => {
    const server = await FakeBybitServer.start();
    const { seen, listener } = recorder();
    const symbols = Array.from({ length: 23 }, (_, i) => `SYM${i}USDT`);
    opened.push({ server, connection: openBybitStream({ url: server.url, depth: 50, symbols }, listener) });
    await until(() => server.requests.length === 23, '23 topics subscribed');
    expect(seen.open).toBe(1);
    expect(server.requests.map((r) => r.topic)).toEqual(symbols.map((s) => `orderbook.50.${s}`));
    expect(server.requests.map((r) => r.args)).toEqual([...Array(10).fill(10), ...Array(10).fill(10), ...Array(3).fill(3)]);
  });

  it('pings {"op":"ping"}; both pong shapes are life, not frames; everything else is a frame', async () => {
    const server = await FakeBybitServer.start();
    const { seen, listener } = recorder();
    opened.push({ server, connection: openBybitStream({ url: server.url, depth: 200, symbols: ['BTCUSDT'], pingIntervalMs: 20 }, listener) });
    await until(() => server.pings.length >= 2 && seen.alive >= 2, 'two pings answered');
    const framesBefore = seen.frames.length;
    server.send(JSON.stringify({ req_id: '', op: 'pong', args: ['1700000000000'], conn_id: 'c0' }), 0);
    const aliveBefore = seen.alive;
    server.send('{"topic":"tickers.BTCUSDT","type":"delta","data":{}}', 0);
    await until(() => seen.frames.length === framesBefore + 1, 'the ticker frame');
    expect(seen.alive).toBeGreaterThan(aliveBefore);
    expect(seen.frames.some((f) => f.includes('pong'))).toBe(false);
  });

  it('unsubscribe and subscribe name only the given symbols; close reports once', async () => {
    const server = await FakeBybitServer.start();
    const { seen, listener } = recorder();
    const connection = openBybitStream({ url: server.url, depth: 200, symbols: ['BTCUSDT', 'ETHUSDT'] }, listener);
    opened.push({ server, connection });
    await until(() => server.requests.length === 2, 'subscribed');
    connection.unsubscribe(['ETHUSDT']);
    connection.subscribe(['ETHUSDT']);
    await until(() => server.requests.length === 4, 'resubscribed');
    expect(server.requests.slice(2).map((r) => `${r.op}:${r.topic}`)).toEqual(['unsubscribe:orderbook.200.ETHUSDT', 'subscribe:orderbook.200.ETHUSDT']);
    connection.close('done');
    connection.close('again');
    expect(seen.closed).toEqual(['done']);
  });
});
