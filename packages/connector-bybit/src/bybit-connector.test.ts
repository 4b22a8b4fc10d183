import { describe, expect, it } from '@jest/globals';
import { ConfigError, DecodeError, type DepthUpdate } from '@lob/core';
import { readFileSync } from 'node:fs';
import { createBybitConnector } from './bybit-connector.js';
import { resolveBybitOptions, type BybitConnectorOptions } from './connector-options.js';
import { classify } from './sequencing.js';
import { listRecordings } from './recordings.test-support.js';

/** The ConfigError a bad option throws. */
function configError(options: BybitConnectorOptions): ConfigError {
  try {
    resolveBybitOptions(options);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('no ConfigError thrown');
}

describe('createBybitConnector: options and market names', () => {
  it('names the market after the category and reaches Bybit by default', () => {
    for (const category of ['spot', 'linear', 'inverse'] as const) {
      const connector = createBybitConnector({ category });
      expect(connector).toMatchObject({
        exchange: 'bybit',
        market: `bybit-${category}`,
        category,
        wsUrl: `wss://stream.bybit.com/v5/public/${category}`,
        restUrl: 'https://api.bybit.com',
        depth: 200,
        maxSymbolsPerConnection: 50,
        hasUpdateIds: true,
        snapshots: { kind: 'stream' },
        depthWindow: { kind: 'exchange-maintained' },
      });
      expect(connector.rules.verify).toBeUndefined();
    }
  });

  it('takes every option', () => {
    const connector = createBybitConnector({
      category: 'inverse',
      restUrl: 'http://127.0.0.1:8080/',
      wsUrl: 'ws://127.0.0.1:8081/v5/public/inverse',
      depth: 1000,
      maxSymbolsPerConnection: 7,
      requestTimeoutMs: 500,
      pingIntervalMs: 5_000,
    });
    expect(connector).toMatchObject({ restUrl: 'http://127.0.0.1:8080', wsUrl: 'ws://127.0.0.1:8081/v5/public/inverse', depth: 1000, maxSymbolsPerConnection: 7 });
    expect(resolveBybitOptions({ category: 'spot', depth: 1 }).depth).toBe(1);
    expect(resolveBybitOptions({ category: 'linear', depth: 50 }).depth).toBe(50);
  });

  it.each([
    [{ category: 'option' }, 'category'],
    [{}, 'category'],
    [{ category: 'spot', depth: 25 }, 'depth'],
    [{ category: 'linear', depth: 500 }, 'depth'],
    [{ category: 'linear', maxSymbolsPerConnection: 0 }, 'maxSymbolsPerConnection'],
    [{ category: 'linear', maxSymbolsPerConnection: 1.5 }, 'maxSymbolsPerConnection'],
    [{ category: 'linear', requestTimeoutMs: 0 }, 'requestTimeoutMs'],
    [{ category: 'linear', pingIntervalMs: 0 }, 'pingIntervalMs'],
    [{ category: 'linear', pingIntervalMs: 600_000 }, 'pingIntervalMs'],
    [{ category: 'linear', wsUrl: 'https://stream.bybit.com' }, 'wsUrl'],
    [{ category: 'linear', wsUrl: 'not a url' }, 'wsUrl'],
    [{ category: 'linear', restUrl: 'ws://api.bybit.com' }, 'restUrl'],
  ] as const)('%j is refused with a ConfigError naming %s', (options, key) => {
    const error = configError(options as unknown as BybitConnectorOptions);
    expect(error.reason).toBe('invalid-value');
    expect(error.location.key).toBe(key);
  });

  it('normalizes symbols to Bybit spelling and refuses other shapes', () => {
    const { normalizeSymbol } = createBybitConnector({ category: 'linear' });
    expect(normalizeSymbol(' btcusdt ')).toBe('BTCUSDT');
    expect(normalizeSymbol('1000pepeusdt')).toBe('1000PEPEUSDT');
    expect(normalizeSymbol('btc-26dec25')).toBe('BTC-26DEC25');
    for (const bad of ['', 'BTC/USDT', 'BTC_USDT', 'btc usdt', '-BTC']) expect(() => normalizeSymbol(bad)).toThrow(ConfigError);
  });
});

describe('decode: every message kind', () => {
  const { decode } = createBybitConnector({ category: 'linear' });
  const book = (type: string, data: object, extra: object = {}) =>
    JSON.stringify({ topic: 'orderbook.200.BTCUSDT', type, ts: 1_700_000_000_123, data: { s: 'BTCUSDT', ...data }, cts: 1_700_000_000_100, ...extra });

  it('a snapshot: the whole book, u as its id, strings untouched', () => {
    const frame = book('snapshot', { b: [['65000.10', '1.500'], ['65000.00', '2']], a: [['65000.20', '0.001']], u: 4242, seq: 900 });
    expect(decode(frame)).toEqual({
      type: 'snapshot',
      symbol: 'BTCUSDT',
      lastUpdateId: 4242,
      eventTime: 1_700_000_000_123,
      bids: [['65000.10', '1.500'], ['65000.00', '2']],
      asks: [['65000.20', '0.001']],
    });
  });

  it('a delta: u as first and last id, no previous id, size "0" kept for the book to delete', () => {
    expect(decode(book('delta', { b: [['65000.10', '0']], a: [], u: 4243, seq: 901 }))).toEqual({
      type: 'depth',
      symbol: 'BTCUSDT',
      firstId: 4243,
      lastId: 4243,
      prevLastId: undefined,
      eventTime: 1_700_000_000_123,
      bids: [['65000.10', '0']],
      asks: [],
    });
  });

  it('the recorded frames decode: every order-book push to a snapshot or delta, tickers to control', () => {
    for (const recording of listRecordings()) {
      const kinds = recording.frames.map((frame) => decode(frame).type);
      expect(kinds.filter((k) => k === 'snapshot')).toHaveLength(1);
      expect(kinds.filter((k) => k === 'depth')).toHaveLength(recording.bookLines.length - 1);
      expect(kinds.filter((k) => k === 'control')).toHaveLength(recording.frames.length - recording.bookLines.length);
    }
  });

  it('replies: success and pong are control; a refused subscribe names its symbols; other refusals are control', () => {
    const reply = (op: string, success: boolean, ret_msg: string) => JSON.stringify({ success, ret_msg, conn_id: 'c1', req_id: '', op });
    expect(decode(reply('subscribe', true, ''))).toEqual({ type: 'control' });
    expect(decode(reply('ping', true, 'pong'))).toEqual({ type: 'control' });
    expect(decode(JSON.stringify({ op: 'pong', args: ['1700000000000'], conn_id: 'c1' }))).toEqual({ type: 'control' });
    expect(decode(reply('subscribe', false, 'Invalid symbol :[orderbook.200.FOO]'))).toEqual({
      type: 'rejected',
      symbols: ['FOO'],
      reason: 'Bybit refused the subscription: Invalid symbol :[orderbook.200.FOO]',
    });
    expect(decode(reply('subscribe', false, 'Invalid symbol :[orderbook.200.FOO, orderbook.200.bar]'))).toMatchObject({ type: 'rejected', symbols: ['FOO', 'BAR'] });
    expect(decode(reply('subscribe', false, 'error:already subscribed,topic:orderbook.200.BTCUSDT'))).toEqual({ type: 'control' });
    expect(decode(reply('unsubscribe', false, 'Invalid topic :[orderbook.200.FOO]'))).toEqual({ type: 'control' });
    expect(decode(reply('subscribe', false, 'service unavailable'))).toEqual({ type: 'control' });
  });

  it('other topics and unknown objects are control', () => {
    expect(decode(JSON.stringify({ topic: 'publicTrade.BTCUSDT', type: 'snapshot', data: [] }))).toEqual({ type: 'control' });
    expect(decode('{"hello":1}')).toEqual({ type: 'control' });
  });

  it.each([
    ['not JSON, naming the symbol', '{"topic":"orderbook.200.BTCUSDT","data":{"s":"BTCUSDT"', 'malformed-json', 'BTCUSDT'],
    ['not an object', '[1,2]', 'malformed-frame', undefined],
    ['no type', book('update', { b: [], a: [], u: 1 }), 'malformed-frame', 'BTCUSDT'],
    ['u missing', book('delta', { b: [], a: [] }), 'malformed-frame', 'BTCUSDT'],
    ['u zero', book('delta', { b: [], a: [], u: 0 }), 'malformed-frame', 'BTCUSDT'],
    ['u a string', book('delta', { b: [], a: [], u: '5' }), 'malformed-frame', 'BTCUSDT'],
    ['seq negative', book('delta', { b: [], a: [], u: 5, seq: -1 }), 'malformed-frame', 'BTCUSDT'],
    ['a number for a price', book('delta', { b: [[65000.1, '1']], a: [], u: 5 }), 'malformed-frame', 'BTCUSDT'],
    ['an exponent', book('delta', { b: [['6.5e4', '1']], a: [], u: 5 }), 'malformed-frame', 'BTCUSDT'],
    ['a row of three', book('delta', { b: [['1', '1', '1']], a: [], u: 5 }), 'malformed-frame', 'BTCUSDT'],
    ['b not an array', book('delta', { b: {}, a: [], u: 5 }), 'malformed-frame', 'BTCUSDT'],
    ['ts missing', book('delta', { b: [], a: [], u: 5 }, { ts: undefined }), 'malformed-frame', 'BTCUSDT'],
    ['symbol not the topic\'s', JSON.stringify({ topic: 'orderbook.200.BTCUSDT', type: 'delta', ts: 1, data: { s: 'ETHUSDT', b: [], a: [], u: 5 } }), 'malformed-frame', 'BTCUSDT'],
    ['a topic without depth', JSON.stringify({ topic: 'orderbook.BTCUSDT', type: 'delta', ts: 1, data: { s: 'BTCUSDT', b: [], a: [], u: 5 } }), 'malformed-frame', 'BTCUSDT'],
    ['a reply without success', JSON.stringify({ op: 'subscribe', ret_msg: 'x' }), 'malformed-frame', undefined],
  ])('%s: a DecodeError naming the symbol where the frame does', (_what, frame, reason, symbol) => {
    let error: unknown;
    try {
      decode(frame);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).reason).toBe(reason);
    expect((error as DecodeError).symbol).toBe(symbol);
  });
});

describe('sequencing: the u chain', () => {
  const delta = (u: number): DepthUpdate => ({ type: 'depth', symbol: 'BTCUSDT', firstId: u, lastId: u, prevLastId: undefined, eventTime: 0, bids: [], asks: [] });
  const cases = JSON.parse(readFileSync(new URL('../fixtures/sequencing-cases.json', import.meta.url), 'utf8')) as { name: string; position: number; u: number; verdict: string }[];

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(classify(delta(c.u), c.position)).toBe(c.verdict);
    expect(createBybitConnector({ category: 'spot' }).rules.classify(delta(c.u), c.position, false)).toBe(c.verdict);
  });
});
