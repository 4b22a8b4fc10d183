import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SnapshotError } from '@lob/core';
import { createBybitConnector } from './bybit-connector.js';
import { listBybitSymbols } from './symbol-listing.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A loopback REST server answering every request with `answer(url)`; records the URLs asked. */
async function restServer(answer: (url: URL, res: ServerResponse) => void): Promise<{ baseUrl: string; asked: URL[] }> {
  const asked: URL[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    asked.push(url);
    answer(url, res);
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, asked };
}

function json(res: ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

const page = (list: { symbol: string; status: string }[], nextPageCursor = '') => ({
  retCode: 0,
  retMsg: 'OK',
  result: { category: 'linear', list, nextPageCursor },
  retExtInfo: {},
  time: 1_700_000_000_000,
});

/** The SnapshotError a listing rejects with. */
async function failure(baseUrl: string): Promise<SnapshotError> {
  const error = await listBybitSymbols({ baseUrl, category: 'linear' }, new AbortController().signal).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SnapshotError);
  return error as SnapshotError;
}

describe('listSymbols: GET /v5/market/instruments-info over loopback', () => {
  it('lists the Trading symbols of the category, page by page along nextPageCursor', async () => {
    const { baseUrl, asked } = await restServer((url, res) => {
      const cursor = url.searchParams.get('cursor');
      if (cursor === null) return json(res, page([{ symbol: 'BTCUSDT', status: 'Trading' }, { symbol: 'NEWUSDT', status: 'PreLaunch' }], 'c%3D2'));
      if (cursor === 'c%3D2') return json(res, page([{ symbol: 'ETHUSDT', status: 'Trading' }, { symbol: 'OLDUSDT', status: 'Closed' }], 'c%3D3'));
      return json(res, page([{ symbol: 'BTC-26DEC25', status: 'Trading' }], ''));
    });
    const connector = createBybitConnector({ category: 'linear', restUrl: baseUrl, wsUrl: 'ws://127.0.0.1:9' });
    const list = await connector.listSymbols(new AbortController().signal);

    expect(list.symbols).toEqual(['BTCUSDT', 'ETHUSDT', 'BTC-26DEC25']);
    expect(asked.map((url) => `${url.pathname}?${url.searchParams.toString()}`)).toEqual([
      '/v5/market/instruments-info?category=linear&limit=1000',
      '/v5/market/instruments-info?category=linear&limit=1000&cursor=c%253D2',
      '/v5/market/instruments-info?category=linear&limit=1000&cursor=c%253D3',
    ]);
  });

  it('asks for the connector\'s category; spot answers in one page', async () => {
    const { baseUrl, asked } = await restServer((_url, res) => json(res, page([{ symbol: 'ETHUSDT', status: 'Trading' }])));
    const connector = createBybitConnector({ category: 'spot', restUrl: baseUrl });
    expect((await connector.listSymbols(new AbortController().signal)).symbols).toEqual(['ETHUSDT']);
    expect(asked.map((url) => url.searchParams.get('category'))).toEqual(['spot']);
  });

  it('a non-0 retCode rejects the whole list: 10006 rate-limited, 10016 server-error, others client-error', async () => {
    for (const [retCode, reason] of [[10006, 'rate-limited'], [10016, 'server-error'], [10001, 'client-error']] as const) {
      const { baseUrl } = await restServer((_url, res) => json(res, { retCode, retMsg: 'no', result: {} }));
      const error = await failure(baseUrl);
      expect(error.reason).toBe(reason);
      expect(error.message).toContain(`retCode ${retCode} no`);
    }
  });

  it('a failure on a later page rejects the whole list: no partial list', async () => {
    const { baseUrl } = await restServer((url, res) =>
      url.searchParams.get('cursor') === null ? json(res, page([{ symbol: 'BTCUSDT', status: 'Trading' }], 'next')) : json(res, 'oops', 502),
    );
    expect((await failure(baseUrl)).reason).toBe('server-error');
  });

  it('HTTP 403 (Bybit\'s IP limit) is a ban; 429 is rate-limited with its Retry-After', async () => {
    const banned = await restServer((_url, res) => json(res, 'access too frequent', 403));
    const ban = await failure(banned.baseUrl);
    expect(ban.reason).toBe('banned');
    expect(ban.status).toBe(403);
    const limited = await restServer((_url, res) => json(res, 'slow down', 429, { 'retry-after': '3' }));
    const error = await failure(limited.baseUrl);
    expect(error.reason).toBe('rate-limited');
    expect(error.retryAfterMs).toBe(3_000);
  });

  it('a body that is not the documented shape is malformed-body', async () => {
    for (const body of ['not json', '{"retCode":"0"}', '{"retCode":0,"result":{}}', '{"retCode":0,"result":null}']) {
      const { baseUrl } = await restServer((_url, res) => json(res, body));
      expect((await failure(baseUrl)).reason).toBe('malformed-body');
    }
  });

  it('a cursor that repeats is refused instead of followed for ever', async () => {
    const { baseUrl, asked } = await restServer((_url, res) => json(res, page([{ symbol: 'BTCUSDT', status: 'Trading' }], 'same')));
    const error = await failure(baseUrl);
    expect(error.reason).toBe('malformed-body');
    expect(error.message).toContain('repeats');
    expect(asked).toHaveLength(2);
  });

  it('an unreachable server is a network error; an aborted listing is aborted', async () => {
    const { baseUrl } = await restServer(() => undefined);
    const controller = new AbortController();
    const pending = listBybitSymbols({ baseUrl, category: 'inverse' }, controller.signal).catch((e: unknown) => e);
    controller.abort();
    expect(((await pending) as SnapshotError).reason).toBe('aborted');
    expect((await failure('http://127.0.0.1:9')).reason).toBe('network');
  });
});
