import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SnapshotError } from '@lob/core';
import { afterEach, describe, expect, it } from '@jest/globals';
import { fetchAssetPairs } from './asset-pairs-client.js';

let server: Server | undefined;
let paths: string[] = [];

afterEach(async () => {
  if (server === undefined) return;
  server.closeAllConnections();
  await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

/** Starts a loopback server answering every request with `answer`; returns its base URL. */
async function serve(answer: (res: ServerResponse) => void): Promise<string> {
  paths = [];
  server = createServer((req, res) => {
    paths.push(req.url ?? '');
    answer(res);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function failure(baseUrl: string, timeoutMs?: number): Promise<SnapshotError> {
  const error = await fetchAssetPairs({ baseUrl, ...(timeoutMs === undefined ? {} : { timeoutMs }) }, new AbortController().signal).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SnapshotError);
  return error as SnapshotError;
}

const json = (body: unknown) => (res: ServerResponse) => res.end(JSON.stringify(body));

describe('Kraken AssetPairs client', () => {
  it('lists online pairs in v2 spelling, and keeps the precisions of every listed pair (a halted book still checksums)', async () => {
    const baseUrl = await serve(
      json({
        error: [],
        result: {
          XXBTZUSD: { altname: 'XBTUSD', wsname: 'XBT/USD', pair_decimals: 1, lot_decimals: 8, status: 'online' },
          XDGEUR: { altname: 'XDGEUR', wsname: 'XDG/EUR', pair_decimals: 7, lot_decimals: 8, status: 'online' },
          XETHZUSD: { altname: 'ETHUSD', wsname: 'ETH/USD', pair_decimals: 2, lot_decimals: 8, status: 'online' },
          OLDUSD: { altname: 'OLDUSD', wsname: 'OLD/USD', pair_decimals: 4, lot_decimals: 8, status: 'delisted' },
          HALTUSD: { altname: 'HALTUSD', wsname: 'HALT/USD', pair_decimals: 4, lot_decimals: 8, status: 'cancel_only' },
          NOWSUSD: { altname: 'NOWSUSD', pair_decimals: 4, lot_decimals: 8, status: 'online' },
        },
      }),
    );
    const pairs = await fetchAssetPairs({ baseUrl }, new AbortController().signal);
    expect(paths).toEqual(['/0/public/AssetPairs']);
    expect(pairs.symbols).toEqual(['BTC/USD', 'DOGE/EUR', 'ETH/USD']);
    expect([...pairs.precisions]).toEqual([
      ['BTC/USD', { priceDecimals: 1, lotDecimals: 8 }],
      ['DOGE/EUR', { priceDecimals: 7, lotDecimals: 8 }],
      ['ETH/USD', { priceDecimals: 2, lotDecimals: 8 }],
      ['OLD/USD', { priceDecimals: 4, lotDecimals: 8 }],
      ['HALT/USD', { priceDecimals: 4, lotDecimals: 8 }],
    ]);
  });

  it.each([
    [['EQuery:Unknown asset pair'], 'client-error'],
    [['EAPI:Rate limit exceeded'], 'rate-limited'],
    [['EService:Unavailable'], 'server-error'],
  ] as const)("Kraken's error array %j is a %s", async (errors, reason) => {
    const error = await failure(await serve(json({ error: errors, result: {} })));
    expect(error.reason).toBe(reason);
    expect(error.message).toContain(errors[0]);
  });

  it('429 with Retry-After is rate-limited with the pause in ms', async () => {
    const error = await failure(await serve((res) => res.writeHead(429, { 'Retry-After': '3' }).end('slow down')));
    expect(error).toMatchObject({ reason: 'rate-limited', retryAfterMs: 3000, status: 429 });
  });

  it.each([
    [503, 'server-error'],
    [404, 'client-error'],
  ] as const)('HTTP %i is a %s', async (status, reason) => {
    const error = await failure(await serve((res) => res.writeHead(status).end()));
    expect(error).toMatchObject({ reason, status });
  });

  it.each([
    ['not JSON', '<html>'],
    ['no error array', '{"result":{}}'],
    ['no result', '{"error":[]}'],
  ])('a body with %s is malformed-body', async (_what, body) => {
    const error = await failure(await serve((res) => res.end(body)));
    expect(error.reason).toBe('malformed-body');
  });

  it('a server that never answers is a timeout', async () => {
    const error = await failure(await serve(() => undefined), 100);
    expect(error.reason).toBe('timeout');
  });

  it('a refused connection is a network error', async () => {
    const baseUrl = await serve(json({}));
    server!.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const error = await failure(baseUrl);
    expect(error.reason).toBe('network');
  });
});
