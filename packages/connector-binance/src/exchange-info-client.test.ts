import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BinanceSim } from '@lob/exchange-sim';
import { SnapshotError } from '@lob/core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createBinanceConnector } from './binance-connector.js';
import { fetchTradingSymbols } from './exchange-info-client.js';

/** A loopback HTTP server answering every request with what the test sets. */
let answer: (res: ServerResponse) => void = (res) => res.end();
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((_req, res) => answer(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function failure(options: Parameters<typeof fetchTradingSymbols>[0]): Promise<SnapshotError> {
  const error = await fetchTradingSymbols(options, new AbortController().signal).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SnapshotError);
  return error as SnapshotError;
}

describe('listing the symbols a market trades (exchangeInfo)', () => {
  it.each([
    ['spot', ['BTCUSDT', 'ETHUSDT'], 20],
    ['usdm', ['BTCUSDT'], 1],
    ['coinm', ['BTCUSD_PERP', 'ETHUSD_PERP'], 1],
  ] as const)('lists the %s symbols of the exchange simulator and reads the used weight (%s)', async (market, symbols, weight) => {
    const sim = await BinanceSim.start({ market, symbols: symbols.map((symbol) => ({ symbol })), autoTick: false, listedSymbols: ['LTCUSDT'] });
    const connector = createBinanceConnector({ market, restUrl: sim.restUrl, wsUrl: sim.wsUrl });
    try {
      expect(connector.symbolListWeight).toBe(weight);
      const list = await connector.listSymbols(new AbortController().signal);
      expect(list).toEqual({ symbols: [...symbols, 'LTCUSDT'], usedWeight: weight, serverTime: expect.any(Number) });
    } finally {
      await connector.close();
      await sim.close();
    }
  });

  it('keeps only symbols in TRADING, read from status or (COIN-M) contractStatus', async () => {
    answer = (res) =>
      res.end(
        JSON.stringify({
          symbols: [
            { symbol: 'BTCUSDT', status: 'TRADING' },
            { symbol: 'OLDUSDT', status: 'BREAK' },
            { symbol: 'BTCUSD_PERP', contractStatus: 'TRADING' },
            { symbol: 'BTCUSD_240329', contractStatus: 'DELIVERED' },
            { status: 'TRADING' },
          ],
        }),
      );
    expect(await fetchTradingSymbols({ baseUrl, path: '/api/v3/exchangeInfo' }, new AbortController().signal)).toMatchObject({ symbols: ['BTCUSDT', 'BTCUSD_PERP'] });
  });

  it.each([
    ['HTTP 429', 'rate-limited', (res: ServerResponse) => res.writeHead(429, { 'retry-after': '3' }).end('{"code":-1003,"msg":"Too many requests"}')],
    ['HTTP 503', 'server-error', (res: ServerResponse) => res.writeHead(503).end('busy')],
    ['a body that is not JSON', 'malformed-body', (res: ServerResponse) => res.end('<html>')],
    ['a body without a symbols list', 'malformed-body', (res: ServerResponse) => res.end('{"timezone":"UTC"}')],
  ] as const)('turns %s into a SnapshotError with reason %s', async (_what, reason, respond) => {
    answer = respond;
    expect((await failure({ baseUrl, path: '/api/v3/exchangeInfo' })).reason).toBe(reason);
  });

  it('times out a server that never answers, and reports a refused connection as a network error', async () => {
    answer = () => undefined;
    expect((await failure({ baseUrl, path: '/api/v3/exchangeInfo', timeoutMs: 200 })).reason).toBe('timeout');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure({ baseUrl: `http://127.0.0.1:${port}`, path: '/api/v3/exchangeInfo' });
    expect(error.reason).toBe('network');
    expect(error.message).toContain(`127.0.0.1:${port}/api/v3/exchangeInfo`);
  });
});
