import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { SnapshotError } from '@lob/core';
import { fetchOkxInstruments, type OkxInstrumentsOptions } from './instruments-client.js';

let server: Server | undefined;
const requested: string[] = [];

/** Starts a loopback server answering every request with `answer`, and records each request's URL. */
async function serve(answer: (res: ServerResponse) => void): Promise<string> {
  server = createServer((req, res) => {
    requested.push(req.url ?? '');
    answer(res);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  requested.length = 0;
  if (server === undefined) return;
  server.closeAllConnections();
  await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

async function failure(options: OkxInstrumentsOptions): Promise<SnapshotError> {
  const error = await fetchOkxInstruments(options, new AbortController().signal).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SnapshotError);
  return error as SnapshotError;
}

describe('OKX instruments client', () => {
  it('asks for one instType and lists only the live instIds', async () => {
    const data = [
      { instId: 'BTC-USDT', state: 'live' },
      { instId: 'OLD-USDT', state: 'suspend' },
      { instId: 'NEW-USDT', state: 'preopen' },
      { instId: 'ETH-USDT', state: 'live' },
      { state: 'live' },
    ];
    const baseUrl = await serve((res) => res.end(JSON.stringify({ code: '0', msg: '', data })));
    const list = await fetchOkxInstruments({ baseUrl, instType: 'OPTION', instFamily: 'BTC-USD' }, new AbortController().signal);
    expect(list).toEqual({ symbols: ['BTC-USDT', 'ETH-USDT'] });
    expect(requested).toEqual(['/api/v5/public/instruments?instType=OPTION&instFamily=BTC-USD']);
  });

  it.each([
    ['a non-"0" code in an HTTP 200', 'client-error', undefined, (res: ServerResponse) => res.end('{"code":"51001","msg":"Instrument ID does not exist","data":[]}')],
    ['HTTP 400 with an OKX code', 'client-error', undefined, (res: ServerResponse) => res.writeHead(400).end('{"code":"51000","msg":"Parameter instType error","data":[]}')],
    ['HTTP 429 with Retry-After', 'rate-limited', 2_000, (res: ServerResponse) => res.writeHead(429, { 'retry-after': '2' }).end('{"code":"50011","msg":"Too Many Requests","data":[]}')],
    ['HTTP 429 without Retry-After', 'rate-limited', undefined, (res: ServerResponse) => res.writeHead(429).end('{"code":"50011","msg":"Too Many Requests"}')],
    ['code 50011 in an HTTP 200', 'rate-limited', undefined, (res: ServerResponse) => res.end('{"code":"50011","msg":"Too Many Requests","data":[]}')],
    ['HTTP 503', 'server-error', undefined, (res: ServerResponse) => res.writeHead(503).end('busy')],
    ['a body that is not JSON', 'malformed-body', undefined, (res: ServerResponse) => res.end('<html>')],
    ['a body without a code', 'malformed-body', undefined, (res: ServerResponse) => res.end('{"data":[]}')],
    ['code "0" without a data list', 'malformed-body', undefined, (res: ServerResponse) => res.end('{"code":"0","msg":""}')],
  ] as const)('turns %s into a SnapshotError with reason %s', async (_what, reason, retryAfterMs, respond) => {
    const baseUrl = await serve(respond);
    const error = await failure({ baseUrl, instType: 'SPOT' });
    expect(error.reason).toBe(reason);
    expect(error.retryAfterMs).toBe(retryAfterMs);
  });

  it('times out a server that never answers', async () => {
    const baseUrl = await serve(() => undefined);
    expect((await failure({ baseUrl, instType: 'SWAP', timeoutMs: 200 })).reason).toBe('timeout');
  });

  it('reports a refused connection as a network error', async () => {
    const baseUrl = await serve((res) => res.end());
    server!.close();
    await new Promise((resolve) => server!.once('close', resolve));
    server = undefined;
    expect((await failure({ baseUrl, instType: 'SPOT' })).reason).toBe('network');
  });
});
