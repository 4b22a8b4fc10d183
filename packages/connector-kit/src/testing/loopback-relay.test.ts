import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { WebSocket, WebSocketServer } from 'ws';
import { LoopbackRelay } from './loopback-relay.js';
import { until } from './waits.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** An exchange stand-in that answers every text with `echo <path> <text>`; `sockets` are its server sides. */
async function echoExchange() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  const sockets: WebSocket[] = [];
  wss.on('connection', (socket, request) => {
    sockets.push(socket);
    socket.on('message', (data) => socket.send(`echo ${request.url ?? ''} ${data.toString()}`));
  });
  closers.push(() => new Promise((resolve) => wss.close(resolve)));
  return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, sockets };
}

async function client(url: string) {
  const socket = new WebSocket(url);
  const heard: string[] = [];
  socket.on('message', (data) => heard.push(data.toString()));
  closers.push(async () => socket.terminate());
  await once(socket, 'open');
  return { socket, heard };
}

describe('LoopbackRelay', () => {
  it('relays text both ways in order, telling the hooks which connection it crossed', async () => {
    const exchange = await echoExchange();
    const seen: string[] = [];
    const relay = await LoopbackRelay.start(exchange.url, {
      onConnection: (connection) => seen.push(`connected ${connection}`),
      fromClient: (text, connection) => seen.push(`client ${connection}: ${text}`),
      fromExchange: (text, connection) => seen.push(`exchange ${connection}: ${text}`),
    });
    closers.unshift(() => relay.close());
    const first = await client(relay.url());
    first.socket.send('a');
    first.socket.send('b');
    await until(() => first.heard.length === 2, 'two echoes');
    expect(first.heard).toEqual(['echo / a', 'echo / b']);
    const second = await client(relay.url());
    second.socket.send('c');
    await until(() => second.heard.length === 1, 'one echo');
    expect(relay.connections).toBe(2);
    expect(seen).toEqual(['connected 0', 'client 0: a', 'client 0: b', 'exchange 0: echo / a', 'exchange 0: echo / b', 'connected 1', 'client 1: c', 'exchange 1: echo / c']);
  });

  it('maps the path the client asked for, and injects on one connection as if the client had sent it', async () => {
    const exchange = await echoExchange();
    const fromClient: string[] = [];
    const relay = await LoopbackRelay.start((path) => `${exchange.url}${path}`, { fromClient: (text) => fromClient.push(text) });
    closers.unshift(() => relay.close());
    const c = await client(relay.url('/v2'));
    await until(() => relay.openConnections().length === 1, 'both sides open');
    relay.inject(0, 'x');
    await until(() => c.heard.length === 1, 'the echo');
    expect(c.heard).toEqual(['echo /v2 x']);
    expect(fromClient).toEqual([]);
  });

  it('terminates the client side when the exchange drops its socket (1006)', async () => {
    const exchange = await echoExchange();
    const relay = await LoopbackRelay.start(exchange.url);
    closers.unshift(() => relay.close());
    const c = await client(relay.url());
    await until(() => exchange.sockets.length === 1, 'the exchange side');
    const closed = once(c.socket, 'close');
    exchange.sockets[0]!.terminate();
    const [code] = (await closed) as [number];
    expect(code).toBe(1006);
    expect(relay.openConnections()).toEqual([]);
  });
});
