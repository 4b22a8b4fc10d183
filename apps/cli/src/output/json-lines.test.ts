import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { FakeSource, fakeBook } from '../fake-source.test-support.js';
import { JsonLinesWriter, bookLine } from './json-lines.js';

afterEach(() => {
  jest.useRealTimers();
});

describe('JSON lines', () => {
  it('writes a book as one documented object with exact strings', () => {
    const view = fakeBook('binance-spot', 'BTCUSDT', {
      bids: [
        ['65000.01000000', '0.5'],
        ['65000.00000000', '92233720368.54775807'],
      ],
      asks: [['65000.02000000', '0.25']],
      lastUpdateId: 42,
      exactDepth: { bids: 1, asks: 1 },
    });
    view.stats.updatesApplied = 7;
    view.stats.resyncs = { gap: 1 };
    view.stats.lastEventTime = 1_700_000_000_000;
    view.stats.lastReceivedAt = 1_700_000_000_004.1231;
    view.stats.lastAppliedAt = 1_700_000_000_004.2;
    expect(bookLine(view, 5, 1000, true)).toEqual({
      type: 'book',
      time: 1000,
      // lob's own times to the microsecond.
      eventTime: 1_700_000_000_000,
      receivedAt: 1_700_000_000_004.123,
      appliedAt: 1_700_000_000_004.2,
      market: 'binance-spot',
      symbol: 'BTCUSDT',
      state: 'live',
      reason: 'snapshot bridged',
      lastUpdateId: 42,
      exactDepth: { bids: 1, asks: 1 },
      bids: [
        ['65000.01000000', '0.5'],
        ['65000.00000000', '92233720368.54775807'],
      ],
      asks: [['65000.02000000', '0.25']],
      spread: '0.01',
      mid: '65000.015',
      updatesApplied: 7,
      resyncs: 1,
    });
  });

  it('writes null for the exchange time of a venue that stamps none, and for every time before anything was applied', () => {
    const view = fakeBook('kraken', 'BTC/USD', { bids: [['1', '1']], asks: [['2', '1']], lastUpdateId: 0 });
    expect(bookLine(view, 5, 1000, false)).toMatchObject({ eventTime: null, receivedAt: null, appliedAt: null });
    view.stats.lastReceivedAt = 1_700_000_000_000.5;
    view.stats.lastAppliedAt = 1_700_000_000_000.75;
    expect(bookLine(view, 5, 1000, false)).toMatchObject({ eventTime: null, receivedAt: 1_700_000_000_000.5, appliedAt: 1_700_000_000_000.75 });
  });

  it('writes a book the exchange does not know as invalid, with the reason', () => {
    const view = fakeBook('binance-spot', 'NOPEUSDT', { bids: [], asks: [], state: 'invalid', reason: 'unknown-symbol: snapshot of NOPEUSDT: HTTP 400 -1121 Invalid symbol.', lastUpdateId: 0 });
    expect(bookLine(view, 5, 1000, true)).toMatchObject({ state: 'invalid', reason: 'unknown-symbol: snapshot of NOPEUSDT: HTTP 400 -1121 Invalid symbol.', bids: [], spread: null });
  });

  it('writes a line per book when its update id, state or exact depth changed, and nothing otherwise', () => {
    jest.useFakeTimers();
    const btc = fakeBook('binance-spot', 'BTCUSDT', { bids: [['1', '1']], asks: [['2', '1']], lastUpdateId: 1 });
    const eth = fakeBook('binance-spot', 'ETHUSDT', { bids: [], asks: [], state: 'syncing', lastUpdateId: 0 });
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (c) => chunks.push(String(c)));
    const writer = new JsonLinesWriter([new FakeSource('binance-spot', [btc, eth])], () => 1, out, 100);
    writer.start();
    jest.advanceTimersByTime(300);
    btc.lastUpdateId = 2;
    jest.advanceTimersByTime(100);
    eth.state = 'live';
    jest.advanceTimersByTime(100);
    btc.exactDepth = { bids: 0, asks: 1 }; // a refresh: same update id, a different exact depth
    jest.advanceTimersByTime(100);
    writer.stop();
    const lines = chunks.join('').trimEnd().split('\n').map((l) => JSON.parse(l) as { symbol: string; lastUpdateId: number; state: string });
    expect(lines.map((l) => `${l.symbol} ${l.state} ${l.lastUpdateId}`)).toEqual(['BTCUSDT live 1', 'ETHUSDT syncing 0', 'BTCUSDT live 2', 'ETHUSDT live 0', 'BTCUSDT live 2']);
  });

  it('leaves lastUpdateId out where the venue has no update ids, and carries the checksum where it has one', () => {
    const kraken = fakeBook('kraken', 'BTC/USD', { bids: [['65000.1', '0.5']], asks: [['65000.2', '1.25']], lastUpdateId: 0, checksum: 1_234_567 });
    const line = bookLine(kraken, 5, 1000, false);
    expect(line).not.toHaveProperty('lastUpdateId');
    expect(line).toMatchObject({ market: 'kraken', symbol: 'BTC/USD', checksum: 1_234_567, exactDepth: { bids: 1, asks: 1 }, bids: [['65000.1', '0.5']] });
    const okx = fakeBook('okx', 'BTC-USDT-SWAP', { bids: [['65000.1', '5']], asks: [['65000.2', '1']], lastUpdateId: 987, checksum: -42 });
    expect(bookLine(okx, 5, 1000, true)).toMatchObject({ market: 'okx', symbol: 'BTC-USDT-SWAP', lastUpdateId: 987, checksum: -42 });
    const binance = bookLine(fakeBook('binance-spot', 'BTCUSDT', { bids: [], asks: [], lastUpdateId: 5 }), 5, 1000, true);
    expect(binance).not.toHaveProperty('checksum');
    expect(Object.keys(binance).slice(0, 11)).toEqual(['type', 'time', 'eventTime', 'receivedAt', 'appliedAt', 'market', 'symbol', 'state', 'reason', 'lastUpdateId', 'exactDepth']);
  });

  it('writes a line when a book without update ids applies an update, though its id stays 0', () => {
    jest.useFakeTimers();
    const pair = fakeBook('kraken', 'BTC/USD', { bids: [['1', '1']], asks: [['2', '1']], lastUpdateId: 0, checksum: 1 });
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (c) => chunks.push(String(c)));
    const writer = new JsonLinesWriter([new FakeSource('kraken', [pair], { exchange: 'kraken', hasUpdateIds: false, restSnapshots: false })], () => 1, out, 100);
    writer.start();
    jest.advanceTimersByTime(200);
    pair.book.set('bid', '1', '3');
    pair.stats.updatesApplied += 1;
    pair.checksum = 2;
    jest.advanceTimersByTime(100);
    writer.stop();
    const lines = chunks.join('').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.checksum, l.bids, 'lastUpdateId' in l])).toEqual([
      [1, [['1', '1']], false],
      [2, [['1', '3']], false],
    ]);
  });
});
