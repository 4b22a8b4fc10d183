import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { FakeSource, fakeBook } from '../fake-source.test-support.js';
import { JsonLinesWriter, bookLine } from './json-lines.js';

afterEach(() => {
  jest.useRealTimers();
});

describe('JSON lines', () => {
  it('writes a book as one documented object with exact strings', () => {
    const view = fakeBook('spot', 'BTCUSDT', {
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
    expect(bookLine(view, 5, 1000)).toEqual({
      type: 'book',
      time: 1000,
      market: 'spot',
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

  it('writes a book the exchange does not know as invalid, with the reason', () => {
    const view = fakeBook('spot', 'NOPEUSDT', { bids: [], asks: [], state: 'invalid', reason: 'unknown-symbol: snapshot of NOPEUSDT: HTTP 400 -1121 Invalid symbol.', lastUpdateId: 0 });
    expect(bookLine(view, 5, 1000)).toMatchObject({ state: 'invalid', reason: 'unknown-symbol: snapshot of NOPEUSDT: HTTP 400 -1121 Invalid symbol.', bids: [], spread: null });
  });

  it('writes a line per book when its update id, state or exact depth changed, and nothing otherwise', () => {
    jest.useFakeTimers();
    const btc = fakeBook('spot', 'BTCUSDT', { bids: [['1', '1']], asks: [['2', '1']], lastUpdateId: 1 });
    const eth = fakeBook('spot', 'ETHUSDT', { bids: [], asks: [], state: 'syncing', lastUpdateId: 0 });
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (c) => chunks.push(String(c)));
    const writer = new JsonLinesWriter([new FakeSource('spot', [btc, eth])], () => 1, out, 100);
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
});
