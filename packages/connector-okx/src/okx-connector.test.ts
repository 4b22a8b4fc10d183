import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { ConfigError, DecodeError, SnapshotError, type DepthUpdate } from '@lob/core';
import { createChunkedBook } from '@lob/book-chunked';
import { createOkxConnector, type OkxConnectorOptions } from './okx-connector.js';
import { TrueOkxBook } from './okx-server.test-support.js';

const connector = createOkxConnector();

describe('createOkxConnector', () => {
  it('describes OKX: in-stream snapshots, seqId ids, an exchange-maintained window, 29 books a connection, live endpoints', () => {
    expect(connector).toMatchObject({
      exchange: 'okx',
      market: 'okx',
      hasUpdateIds: true,
      snapshots: { kind: 'stream' },
      depthWindow: { kind: 'exchange-maintained' },
      maxSymbolsPerConnection: 29,
      channel: 'books',
      restUrl: 'https://www.okx.com',
      wsUrl: 'wss://ws.okx.com:8443/ws/v5/public',
    });
    expect(connector.normalizeSymbol(' btc-usdt-swap ')).toBe('BTC-USDT-SWAP');
    expect(() => connector.normalizeSymbol('btcusdt')).toThrow(ConfigError);
  });

  it.each<[OkxConnectorOptions, string]>([
    [{ restUrl: 'ws://127.0.0.1:1' }, 'restUrl'],
    [{ restUrl: 'not a url' }, 'restUrl'],
    [{ wsUrl: 'https://127.0.0.1:1' }, 'wsUrl'],
    [{ channel: 'books5' as never }, 'channel'],
    [{ maxSymbolsPerConnection: 0 }, 'maxSymbolsPerConnection'],
    [{ maxSymbolsPerConnection: 2.5 }, 'maxSymbolsPerConnection'],
    [{ requestTimeoutMs: -1 }, 'requestTimeoutMs'],
    [{ idleBeforePingMs: 0 }, 'idleBeforePingMs'],
    [{ idleBeforePingMs: 30_000 }, 'idleBeforePingMs'],
  ])('refuses %j with a ConfigError naming %s', (options, key) => {
    let error: unknown;
    try {
      createOkxConnector(options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).location.key).toBe(key);
  });

  it('takes its endpoints and channel as given', () => {
    const c = createOkxConnector({ restUrl: 'http://127.0.0.1:1/', wsUrl: 'ws://127.0.0.1:2/ws/v5/public', channel: 'books-l2-tbt', maxSymbolsPerConnection: 5 });
    expect(c).toMatchObject({ restUrl: 'http://127.0.0.1:1', wsUrl: 'ws://127.0.0.1:2/ws/v5/public', channel: 'books-l2-tbt', maxSymbolsPerConnection: 5 });
  });
});

describe('OKX connector decode', () => {
  const book = new TrueOkxBook('BTC-USDT', 'books', [['8476.98', '415']], [['8477', '7']]);

  it('a snapshot becomes a StreamSnapshot (lastUpdateId = seqId, eventTime = ts), levels exact', () => {
    const frame = book.snapshot({ seqId: 123, prevSeqId: -1 });
    expect(connector.decode(frame)).toEqual({
      type: 'snapshot',
      symbol: 'BTC-USDT',
      lastUpdateId: 123,
      eventTime: 1_700_000_000_000,
      checksum: book.checksum(),
      bids: [['8476.98', '415']],
      asks: [['8477', '7']],
    });
    expect(connector.decode(book.snapshot())).toMatchObject({ type: 'snapshot', lastUpdateId: 0 });
  });

  it('an update carries seqId as firstId = lastId and prevSeqId as prevLastId; without ids 0 and undefined', () => {
    expect(connector.decode(book.update([['8476.98', '0']], [], { seqId: 124, prevSeqId: 123 }))).toMatchObject({
      type: 'depth',
      symbol: 'BTC-USDT',
      firstId: 124,
      lastId: 124,
      prevLastId: 124 - 1,
      checksum: book.checksum(),
      bids: [['8476.98', '0']],
      asks: [],
    });
    expect(connector.decode(book.update([], [['8478', '1.10']])))
      .toMatchObject({ type: 'depth', firstId: 0, lastId: 0, prevLastId: undefined, asks: [['8478', '1.10']] });
  });

  it('an error naming an instId refuses that subscription; one naming none, or answering an unsubscribe, is control', () => {
    expect(connector.decode('{"event":"error","code":"60018","msg":"Wrong URL or channel:books,instId:BTC-USDT-X doesn\'t exist","connId":"a"}')).toEqual({
      type: 'rejected',
      symbols: ['BTC-USDT-X'],
      reason: "OKX error 60018: Wrong URL or channel:books,instId:BTC-USDT-X doesn't exist",
    });
    expect(connector.decode('{"event":"error","code":"60012","msg":"Invalid request"}')).toEqual({ type: 'control' });
    expect(connector.decode('{"event":"error","code":"60012","msg":"Invalid request: {\\"op\\": \\"unsubscribe\\", \\"args\\":[{\\"channel\\":\\"books\\",\\"instId\\":\\"BTC-USDT\\"}]}"}'))
      .toEqual({ type: 'control' });
  });

  it('notice 64008 is a shutdown; other notices, acks, pong and unknown events are control', () => {
    expect(connector.decode('{"event":"notice","code":"64008","msg":"The connection will soon be closed for a service upgrade. Please reconnect.","connId":"a"}')).toEqual({ type: 'shutdown' });
    for (const frame of ['{"event":"notice","code":"64009","msg":"x"}', '{"event":"subscribe","arg":{"channel":"books","instId":"BTC-USDT"}}', 'pong', '{"event":"channel-conn-count","channel":"books","connCount":"2"}']) {
      expect(connector.decode(frame)).toEqual({ type: 'control' });
    }
  });

  it('a bad frame throws DecodeError naming the instId when the frame tells it', () => {
    const bad = '{"arg":{"channel":"books","instId":"ETH-USDT"},"action":"update","data":[{"asks":[["x","1","0","1"]],"bids":[],"ts":"1","checksum":1}]}';
    expect(() => connector.decode(bad)).toThrow(DecodeError);
    expect(() => connector.decode(bad)).toThrow(expect.objectContaining({ symbol: 'ETH-USDT' }));
    expect(() => connector.decode('{not json')).toThrow(DecodeError);
  });
});

describe('OKX connector rules', () => {
  const update = (seqId: number | undefined, prevSeqId: number | undefined, checksum?: number): DepthUpdate => ({
    type: 'depth',
    symbol: 'BTC-USDT',
    firstId: seqId ?? 0,
    lastId: seqId ?? 0,
    prevLastId: prevSeqId,
    eventTime: 0,
    ...(checksum === undefined ? {} : { checksum }),
    bids: [],
    asks: [],
  });

  it.each([
    ['chained by prevSeqId', update(11, 10), 10, 'apply'],
    ['keepalive: empty update with seqId == prevSeqId', update(10, 10), 10, 'apply'],
    ['sequence reset after maintenance: seqId < prevSeqId, still chained', update(3, 15), 15, 'apply'],
    ['no ids (recordings before seqId): the checksum is the only proof', update(undefined, undefined), 0, 'apply'],
    ['a repeat of the last update', update(10, 9), 10, 'stale'],
    ['prevSeqId skips one', update(12, 11), 10, 'gap'],
    ['an older repeat (could be a missed reset): only a resync is safe', update(9, 8), 10, 'gap'],
    ['ids appear after a book without them', update(5, 4), 0, 'gap'],
  ])('%s', (_what, message, position, verdict) => {
    expect(connector.rules.classify(message, position, false)).toBe(verdict);
  });

  it('verify compares the held book with the message checksum; a message without one passes', () => {
    const truth = new TrueOkxBook('BTC-USDT', 'books', [['1.5', '2'], ['1.4', '3']], [['1.6', '1']]);
    const held = createChunkedBook();
    held.reset(truth.side('bid'), truth.side('ask'));
    expect(connector.rules.verify!(held, update(1, 0, truth.checksum()))).toBe(true);
    expect(connector.rules.verify!(held, update(1, 0, truth.checksum() + 1))).toBe(false);
    expect(connector.rules.verify!(held, update(1, 0))).toBe(true);
  });
});

describe('OKX connector listSymbols', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)));
    server = undefined;
  });

  /** A loopback REST stand-in: `routes` maps a request URL to its body; anything else is a 404. */
  async function serve(routes: Record<string, string>): Promise<{ url: string; requested: string[] }> {
    const requested: string[] = [];
    server = createServer((req, res) => {
      requested.push(req.url ?? '');
      const body = routes[req.url ?? ''];
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' }).end(body ?? '{"code":"51000","msg":"not found"}');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requested };
  }
  const list = (...entries: [string, string][]) => JSON.stringify({ code: '0', msg: '', data: entries.map(([instId, state]) => ({ instId, state })) });

  it('lists live SPOT, SWAP and FUTURES instIds, and OPTION family by family from the option underlyings', async () => {
    const { url, requested } = await serve({
      '/api/v5/public/instruments?instType=SPOT': list(['BTC-USDT', 'live'], ['OLD-USDT', 'suspend']),
      '/api/v5/public/instruments?instType=SWAP': list(['BTC-USDT-SWAP', 'live']),
      '/api/v5/public/instruments?instType=FUTURES': list(['BTC-USD-251226', 'live'], ['BTC-USD-250101', 'expired']),
      '/api/v5/public/underlying?instType=OPTION': JSON.stringify({ code: '0', msg: '', data: [['BTC-USD', 'ETH-USD']] }),
      '/api/v5/public/instruments?instType=OPTION&instFamily=BTC-USD': list(['BTC-USD-251226-100000-C', 'live']),
      '/api/v5/public/instruments?instType=OPTION&instFamily=ETH-USD': list(['ETH-USD-251226-4000-P', 'live']),
    });
    const answer = await createOkxConnector({ restUrl: url }).listSymbols(new AbortController().signal);
    expect([...answer.symbols].sort()).toEqual(['BTC-USD-251226', 'BTC-USD-251226-100000-C', 'BTC-USDT', 'BTC-USDT-SWAP', 'ETH-USD-251226-4000-P']);
    expect(requested).toHaveLength(6);
  });

  it('rejects with a SnapshotError when any part cannot be listed (a partial list would call real instruments unknown)', async () => {
    const { url } = await serve({
      '/api/v5/public/instruments?instType=SPOT': list(['BTC-USDT', 'live']),
      '/api/v5/public/instruments?instType=SWAP': list(),
      '/api/v5/public/instruments?instType=FUTURES': list(),
    });
    await expect(createOkxConnector({ restUrl: url }).listSymbols(new AbortController().signal)).rejects.toBeInstanceOf(SnapshotError);
  });
});
