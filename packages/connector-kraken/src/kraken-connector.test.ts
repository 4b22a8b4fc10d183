import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createChunkedBook } from '@lob/book-chunked';
import { ConfigError, crc32, DecodeError, SnapshotError, type StreamConnection } from '@lob/core';
import { orderBookChecksum } from './checksum.js';
import { createKrakenConnector, type KrakenConnectorOptions } from './kraken-connector.js';
import { LoopbackKraken } from './loopback-kraken.test-support.js';
import { RecordingListener, waitFor } from './stream-client.test-support.js';

const offline = { restUrl: 'http://127.0.0.1:9', wsUrl: 'ws://127.0.0.1:9' } as const;
const v1 = createKrakenConnector(offline);
const v2 = createKrakenConnector({ ...offline, wsUrl: 'ws://127.0.0.1:9/v2' });

describe('createKrakenConnector', () => {
  it('defaults to live Kraken v2 at depth 1000: in-stream snapshots, no ids, a client-trimmed window', () => {
    const connector = createKrakenConnector();
    expect(connector).toMatchObject({
      exchange: 'kraken',
      market: 'kraken',
      wsUrl: 'wss://ws.kraken.com/v2',
      restUrl: 'https://api.kraken.com',
      protocol: 'v2',
      depth: 1000,
      hasUpdateIds: false,
      snapshots: { kind: 'stream' },
      depthWindow: { kind: 'client-trimmed', depth: 1000 },
    });
    expect(connector.maxSymbolsPerConnection).toBeGreaterThan(0);
  });

  it.each([
    ['wss://ws.kraken.com', 'v1'],
    ['wss://ws.kraken.com/', 'v1'],
    ['wss://ws.kraken.com/v2', 'v2'],
    ['ws://127.0.0.1:8080/v2/', 'v2'],
  ] as const)('reads the protocol from the URL as Kraken lays out its endpoints: %s is %s', (wsUrl, protocol) => {
    expect(createKrakenConnector({ wsUrl }).protocol).toBe(protocol);
  });

  it.each<[KrakenConnectorOptions, string]>([
    [{ wsUrl: 'https://ws.kraken.com' }, 'ws_url'],
    [{ wsUrl: 'wss://ws.kraken.com/v3' }, 'ws_url'],
    [{ wsUrl: 'not a url' }, 'ws_url'],
    [{ restUrl: 'ftp://api.kraken.com' }, 'rest_url'],
    [{ restUrl: '::' }, 'rest_url'],
    [{ depth: 50 as never }, 'depth'],
    [{ maxSymbolsPerConnection: 0 }, 'max_symbols_per_connection'],
    [{ maxSymbolsPerConnection: 1.5 }, 'max_symbols_per_connection'],
    [{ requestTimeoutMs: 0 }, 'request_timeout_ms'],
    [{ pingIntervalMs: Number.NaN }, 'ping_interval_ms'],
  ])('refuses %j with a ConfigError naming %s', (options, key) => {
    let caught: unknown;
    try {
      createKrakenConnector(options);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).location.key).toBe(key);
  });

  it('spells pairs as v2 does, whatever the user wrote', () => {
    expect(['btc/usd', 'BTC-USD', 'xbt-usd', ' Xbt/Usd '].map((s) => v2.normalizeSymbol(s))).toEqual(['BTC/USD', 'BTC/USD', 'BTC/USD', 'BTC/USD']);
    expect(v2.normalizeSymbol('xdg/eur')).toBe('DOGE/EUR');
    expect(() => v2.normalizeSymbol('btcusd')).toThrow(ConfigError);
  });
});

describe('Kraken decode', () => {
  it('v1: a snapshot is a StreamSnapshot without checksum; an update in two objects is one DepthUpdate with both sides, republished levels included; eventTime is Kraken\'s', () => {
    expect(v1.decode('[1,{"as":[["5541.30000","2.50700000","1534614248.123678"]],"bs":[["5541.20000","1.52900000","1534614248.765567"]]},"book-1000","XBT/USD"]')).toEqual({
      type: 'snapshot', symbol: 'BTC/USD', lastUpdateId: 0, eventTime: 1534614248765, asks: [['5541.30000', '2.50700000']], bids: [['5541.20000', '1.52900000']],
    });
    expect(v1.decode('[0,{"a":[["0.05120","0.00000500","1582905486.493008"]]},{"b":[["0.04765","0.00000500","1582905486.493008","r"]],"c":"974947235"},"book-1000","XDG/USD"]')).toEqual({
      type: 'depth', symbol: 'DOGE/USD', firstId: 0, lastId: 0, prevLastId: undefined, eventTime: 1582905486493, checksum: 974947235,
      asks: [['0.05120', '0.00000500']], bids: [['0.04765', '0.00000500']],
    });
  });

  it('v2: numbers keep the digits sent, the snapshot carries its checksum (and no time: eventTime 0)', () => {
    expect(v2.decode('{"channel":"book","type":"snapshot","data":[{"symbol":"BTC/USD","bids":[{"price":45283.5,"qty":0.1}],"asks":[{"price":45285.2,"qty":0.001}],"checksum":3310070434}]}')).toEqual({
      type: 'snapshot', symbol: 'BTC/USD', lastUpdateId: 0, eventTime: 0, checksum: 3310070434, bids: [['45283.5', '0.1']], asks: [['45285.2', '0.001']],
    });
  });

  it.each([
    [v1, '{"errorMessage":"Currency pair not supported XBT/FOO","event":"subscriptionStatus","pair":"XBT/FOO","status":"error","subscription":{"name":"book"}}', { type: 'rejected', symbols: ['BTC/FOO'], reason: 'Currency pair not supported XBT/FOO' }],
    [v2, '{"error":"Currency pair not supported","method":"subscribe","success":false,"symbol":"FOO/BAR","time_in":"x","time_out":"y"}', { type: 'rejected', symbols: ['FOO/BAR'], reason: 'Currency pair not supported' }],
    [v1, '{"errorMessage":"Already subscribed","event":"subscriptionStatus","pair":"XBT/USD","status":"error","subscription":{"name":"book"}}', { type: 'control' }],
    [v2, '{"error":"Already subscribed","method":"subscribe","success":false,"symbol":"BTC/USD","time_in":"x","time_out":"y"}', { type: 'control' }],
    [v1, '{"errorMessage":"Subscription Not Found","event":"subscriptionStatus","pair":"XBT/USD","status":"error","subscription":{"name":"book"}}', { type: 'control' }],
    [v2, '{"error":"Exceeded msg rate","method":"subscribe","success":false,"symbol":"BTC/USD"}', { type: 'control' }],
    // Kraken's own trouble says nothing against the pair: asked again later, never made invalid.
    [v2, '{"error":"EService:Unavailable","method":"subscribe","success":false,"symbol":"BTC/USD"}', { type: 'control' }],
    [v1, '{"event":"error","errorMessage":"Malformed request"}', { type: 'control' }],
    [v1, '{"channelID":1,"channelName":"book-1000","event":"subscriptionStatus","pair":"XBT/USD","status":"subscribed","subscription":{"depth":1000,"name":"book"}}', { type: 'control' }],
    [v1, '{"event":"heartbeat"}', { type: 'control' }],
    [v2, '{"method":"pong","req_id":3}', { type: 'control' }],
    [v2, '{"channel":"status","type":"update","data":[{"system":"online"}]}', { type: 'control' }],
  ])('%#: only a refusal that means "no such pair" rejects it; acks, duplicates, rate refusals and heartbeats are control', (connector, frame, expected) => {
    expect(connector.decode(frame)).toEqual(expected);
  });

  it('throws DecodeError naming the pair when a broken frame tells it', () => {
    expect(() => v1.decode('[1,{"a":[["x","1","1.0"]],"c":"1"},"book-1000","XBT/USD"]')).toThrow(expect.objectContaining({ symbol: 'BTC/USD' }) as never);
    expect(() => v2.decode('{"channel":"book","type":"update","data":[{"symbol":"ETH/USD","bids":[{"price":-1,"qty":1}],"checksum":1}]}')).toThrow(DecodeError);
  });
});

describe('Kraken rules', () => {
  it('apply every update (no ids) and pass a message without checksum', () => {
    const update = { type: 'depth', symbol: 'BTC/USD', firstId: 0, lastId: 0, prevLastId: undefined, eventTime: 0, bids: [], asks: [] } as const;
    expect(v1.rules.classify(update, 0, false)).toBe('apply');
    expect(v1.rules.classify(update, 7, true)).toBe('apply');
    const book = createChunkedBook();
    book.reset([['1.0', '2.0']], [['3.0', '4.0']]);
    const snapshot = { type: 'snapshot', symbol: 'BTC/USD', lastUpdateId: 0, eventTime: 0, bids: [], asks: [] } as const;
    expect(v1.rules.verify!(book, snapshot)).toBe(true);
    // "30" "40" then "10" "20": CRC32 of "30401020"; any other checksum fails.
    expect(v1.rules.verify!(book, { ...update, checksum: crc32('30401020') })).toBe(true);
    expect(v1.rules.verify!(book, { ...update, checksum: crc32('30401020') + 1 })).toBe(false);
  });
});

describe('AssetPairs through the connector', () => {
  let server: LoopbackKraken | undefined;
  let connection: StreamConnection | undefined;
  afterEach(async () => {
    connection?.close();
    await server?.close();
    server = connection = undefined;
  });

  it('lists online pairs in lob\'s spelling, fetched once and cached', async () => {
    server = await LoopbackKraken.start({ books: new Map(), assetPairs: new Map([['XBT/USD', { pair_decimals: 1, lot_decimals: 8 }], ['ETH/USD', { pair_decimals: 2, lot_decimals: 8 }]]) });
    const connector = createKrakenConnector({ wsUrl: server.v2Url, restUrl: server.restUrl });
    const signal = new AbortController().signal;
    const [first, second] = await Promise.all([connector.listSymbols(signal), connector.listSymbols(signal)]);
    expect(first.symbols).toEqual(['BTC/USD', 'ETH/USD']);
    expect(second.symbols).toEqual(first.symbols);
    await connector.listSymbols(signal);
    expect(server.assetPairsRequests).toBe(1);
  });

  it('v2: a connection whose AssetPairs request fails ends with that error and opens no socket (the session backs off)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    server = await LoopbackKraken.start({ books: new Map() });
    const connector = createKrakenConnector({ wsUrl: server.v2Url, restUrl: `http://127.0.0.1:${port}` });
    const listener = new RecordingListener();
    connection = connector.openStream(['BTC/USD'], listener);
    await waitFor(() => listener.closes.length > 0, 'the connection to end');
    expect(listener.closes).toHaveLength(1);
    expect(listener.closes[0]!.error).toBeInstanceOf(SnapshotError);
    expect(listener.opened).toBe(0);
    expect(server.paths).toEqual([]);
  });

  it('v2: closing before AssetPairs answered ends the connection once, and no socket opens afterwards', async () => {
    server = await LoopbackKraken.start({ books: new Map(), assetPairs: new Map([['XBT/USD', { pair_decimals: 1, lot_decimals: 8 }]]) });
    const connector = createKrakenConnector({ wsUrl: server.v2Url, restUrl: server.restUrl });
    const listener = new RecordingListener();
    const opening = connector.openStream(['BTC/USD'], listener);
    opening.close('stop');
    expect(listener.closes.map((c) => c.reason)).toEqual(['stop']);
    // A second connection proves AssetPairs answered meanwhile; the first never opened its socket.
    const second = new RecordingListener();
    connection = connector.openStream(['BTC/USD'], second);
    await waitFor(() => second.opened === 1, 'the second connection to open');
    expect(server.paths).toEqual(['/v2']);
    expect(server.assetPairsRequests).toBe(1);
    expect(listener.opened).toBe(0);
    expect(listener.closes).toHaveLength(1);
  });
});

describe('preparation and restore (a recording keeps the precisions, a replay takes them back)', () => {
  let server: LoopbackKraken | undefined;
  let connection: StreamConnection | undefined;
  afterEach(async () => {
    connection?.close();
    await server?.close();
    server = connection = undefined;
  });

  it('v2: gives a pair its precisions once AssetPairs answered; another connector restored from them checks checksums and opens its stream without asking', async () => {
    server = await LoopbackKraken.start({ books: new Map(), assetPairs: new Map([['XBT/USD', { pair_decimals: 1, lot_decimals: 8 }], ['ETH/USD', { pair_decimals: 2, lot_decimals: 8 }]]) });
    const recorded = createKrakenConnector({ wsUrl: server.v2Url, restUrl: server.restUrl });
    expect(recorded.preparation('BTC/USD')).toBeUndefined();
    await recorded.listSymbols(new AbortController().signal);
    const text = recorded.preparation('BTC/USD')!;
    expect(text).toBe('{"krakenPrecisions":{"BTC/USD":[1,8]}}');
    expect(recorded.preparation('DOGE/USD')).toBeUndefined();

    const replayed = createKrakenConnector({ wsUrl: server.v2Url, restUrl: server.restUrl });
    const unprepared = createKrakenConnector({ wsUrl: server.v2Url, restUrl: server.restUrl });
    replayed.restore(text);
    const book = createChunkedBook();
    book.reset([['1', '2']], [['3', '4']]);
    const update = { type: 'depth', symbol: 'BTC/USD', firstId: 0, lastId: 0, prevLastId: undefined, eventTime: 0, bids: [], asks: [] } as const;
    const checked = { ...update, checksum: orderBookChecksum(book, { priceDecimals: 1, lotDecimals: 8 }) };
    expect(replayed.rules.verify!(book, checked)).toBe(true);
    expect(unprepared.rules.verify!(book, checked)).toBe(false);

    const listener = new RecordingListener();
    connection = replayed.openStream(['BTC/USD'], listener);
    await waitFor(() => listener.opened === 1, 'the restored connection to open');
    expect(server.assetPairsRequests).toBe(1);
  });

  it('v1 needs no preparation; a text that is not one is refused with DecodeError', () => {
    expect(v1.preparation('BTC/USD')).toBeUndefined();
    expect(() => v2.restore('{"lastUpdateId":1}')).toThrow(DecodeError);
    expect(() => v2.restore('{"krakenPrecisions":{"BTC/USD":[1]}}')).toThrow(DecodeError);
    expect(() => v2.restore('not json')).toThrow(DecodeError);
  });
});
