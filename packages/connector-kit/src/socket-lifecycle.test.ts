import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import WebSocket, { WebSocketServer } from 'ws';
import { HandshakeError, watchSocket } from './socket-lifecycle.js';

let servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A listener that records what it heard; `closed` resolves on the first onClose. */
function recorder() {
  const heard: string[] = [];
  let resolve: (value: { reason: string; error: Error | undefined }) => void = () => undefined;
  const closed = new Promise<{ reason: string; error: Error | undefined }>((r) => (resolve = r));
  return {
    heard,
    closed,
    watcher: {
      onAlive: () => void heard.push('alive'),
      onClose: (reason: string, error?: Error) => {
        heard.push(`close: ${reason}`);
        resolve({ reason, error });
      },
    },
  };
}

async function wsServer(onConnection: (socket: WebSocket) => void): Promise<string> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  servers.push(wss);
  wss.on('connection', onConnection);
  await new Promise((resolve) => wss.once('listening', resolve));
  return `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
}

describe('watchSocket', () => {
  it('counts the server pings as life and says the end once, however many ways it ends', async () => {
    const url = await wsServer((socket) => {
      socket.ping();
      setImmediate(() => socket.close(1001, 'going away'));
    });
    const { heard, closed, watcher } = recorder();
    let ends = 0;
    const socket = new WebSocket(url);
    const life = watchSocket(socket, watcher, () => void ends++);
    const { reason } = await closed;
    life.close('late close');
    life.cut('late cut');
    expect(reason).toBe('closed by server (code 1001, going away)');
    expect(heard).toEqual(['alive', 'close: closed by server (code 1001, going away)']);
    expect(ends).toBe(1);
    expect(life.ended).toBe(true);
  });

  it('turns a refused handshake into a HandshakeError with its status and Retry-After', async () => {
    const server: Server = createServer((_request, response) => response.writeHead(429, { 'retry-after': '7' }).end('slow down'));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { closed, watcher } = recorder();
    watchSocket(new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`), watcher, () => undefined);
    const { reason, error } = await closed;
    expect(reason).toBe('handshake refused');
    expect(error).toBeInstanceOf(HandshakeError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 7_000, reason: 'handshake-refused' });
  });

  it('closes from our side once, before the server answers', async () => {
    const url = await wsServer(() => undefined);
    const { heard, closed, watcher } = recorder();
    const socket = new WebSocket(url);
    await new Promise((resolve) => socket.once('open', resolve));
    const life = watchSocket(socket, watcher, () => undefined);
    life.close('stopped');
    await closed;
    await new Promise((resolve) => socket.once('close', resolve));
    expect(heard).toEqual(['close: stopped']);
  });
});
