import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { applyUpdate, openClient, streamHarness, transition, type StreamHarness } from './stream.test-support.js';

let h: StreamHarness;
beforeEach(async () => {
  h = await streamHarness();
});
afterEach(async () => {
  await h.app.close();
});

const isType = (type: string) => (m: Record<string, unknown>) => m.type === type;

describe('/stream mode=depth', () => {
  it('sends the top N levels at once, then only the newest state of a burst of changes', async () => {
    const c = await openClient(h, '/stream?symbols=binance-spot:btcusdt&mode=depth&depth=2');
    const [first] = await c.until(isType('depth'));
    expect(first).toMatchObject({ market: 'binance-spot', symbol: 'BTCUSDT', lastUpdateId: 10, depth: 2, bids: [['100.0', '1'], ['99.0', '2']], asks: [['101.0', '1'], ['102.0', '2']] });
    // The fake book took nothing in yet: no times to tell.
    expect(first).toEqual(expect.objectContaining({ eventTime: null, receivedAt: null, appliedAt: null }));
    // Three updates in one synchronous step: a client can only ever see the last state.
    applyUpdate(h, h.btc, [['100.0', '5']], []);
    applyUpdate(h, h.btc, [['100.0', '6']], []);
    const last = applyUpdate(h, h.btc, [['100.5', '1']], []);
    const [, second] = await c.until(isType('depth'), 2);
    expect(second).toMatchObject({ lastUpdateId: 13, eventTime: last.eventTime, bids: [['100.5', '1'], ['100.0', '6']] });
    // A change below the top N is not sent.
    applyUpdate(h, h.btc, [['98.0', '9']], []);
    applyUpdate(h, h.btc, [], [['101.0', '2']]);
    const [, , third] = await c.until(isType('depth'), 3);
    expect(third).toMatchObject({ lastUpdateId: 15, asks: [['101.0', '2'], ['102.0', '2']] });
    c.ws.terminate();
  });

  it('refuses a depth out of range and a depth without mode=depth before upgrading', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/stream?mode=depth&depth=1000' });
    expect(res.statusCode).toBe(400);
    expect((await h.app.inject({ method: 'GET', url: '/stream?mode=top&depth=5' })).statusCode).toBe(400);
    expect((await h.app.inject({ method: 'GET', url: '/stream?mode=full' })).json()).toEqual({ error: 'bad-request', message: 'mode is top, depth or diff' });
  });
});

describe('/stream mode=diff', () => {
  it('sends a snapshot with exactDepth, then every applied event with its ids and the next seq', async () => {
    const c = await openClient(h, '/stream?symbols=binance-spot:BTCUSDT&mode=diff');
    const [snapshot] = await c.until(isType('snapshot'));
    expect(snapshot).toMatchObject({ market: 'binance-spot', symbol: 'BTCUSDT', state: 'live', lastUpdateId: 10, seq: 0, exactDepth: { bids: 3, asks: 2 }, bids: [['100.0', '1'], ['99.0', '2'], ['98.0', '3']] });
    const u = applyUpdate(h, h.btc, [['99.0', '0']], [['101.5', '4']]);
    applyUpdate(h, h.eth, [['30.0', '2']], []); // not subscribed: not sent
    const [diff] = await c.until(isType('diff'));
    expect(diff).toEqual({
      type: 'diff', market: 'binance-spot', symbol: 'BTCUSDT', lastUpdateId: 11, seq: 1, firstId: 11, lastId: 11, prevLastId: 10,
      eventTime: u.eventTime, receivedAt: u.eventTime + 1, appliedAt: u.eventTime + 3.25,
      bids: [['99.0', '0']], asks: [['101.5', '4']], levels: { bids: 2, asks: 3 },
    });
    applyUpdate(h, h.btc, [['97.0', '1']], []);
    expect((await c.until(isType('diff'), 2))[1]).toMatchObject({ seq: 2, lastUpdateId: 12 });
    c.ws.terminate();
  });

  it('says when lob resyncs a book, sends nothing until it is live again, then a new snapshot', async () => {
    const c = await openClient(h, '/stream?symbols=binance-spot:BTCUSDT&mode=diff');
    await c.until(isType('snapshot'));
    transition(h, h.btc, 'resyncing', 'gap: update 20..20 does not follow 10');
    const [notice] = await c.until(isType('resync'));
    expect(notice).toMatchObject({ market: 'binance-spot', symbol: 'BTCUSDT', state: 'resyncing', cause: 'gap', reason: 'gap: update 20..20 does not follow 10' });
    // The snapshot is bridged and buffered events replayed in the same synchronous step as the live event.
    h.btc.book.reset([['200.0', '1']], [['201.0', '1']]);
    h.btc.lastUpdateId = 30;
    transition(h, h.btc, 'live', 'snapshot 30 bridged');
    applyUpdate(h, h.btc, [['199.0', '7']], []);
    const [, second] = await c.until(isType('snapshot'), 2);
    // The replacement is a change of its own: the new book never shares a seq with the old one.
    expect(second).toMatchObject({ lastUpdateId: 31, seq: 1, bids: [['200.0', '1'], ['199.0', '7']], asks: [['201.0', '1']] });
    applyUpdate(h, h.btc, [['198.0', '1']], []);
    expect((await c.until(isType('diff')))[0]).toMatchObject({ seq: 2, lastUpdateId: 32 });
    expect(c.messages.filter(isType('diff'))).toHaveLength(1);
    c.ws.terminate();
  });

  it('sends a new snapshot when an in-stream snapshot replaces a live book without an update', async () => {
    const c = await openClient(h, '/stream?symbols=kraken:BTC-USD&mode=diff');
    const [first] = await c.until(isType('snapshot'));
    expect(first).not.toHaveProperty('lastUpdateId');
    expect(first).toMatchObject({ checksum: 42, seq: 0 });
    h.kraken.book.reset([['64000.0', '3']], [['64002.0', '1']]);
    h.kraken.checksum = 43;
    h.changes.onEvent({ kind: 'book', market: 'kraken', symbol: 'BTC/USD', state: 'live', previous: 'live', reason: 'snapshot from the stream', at: 1 });
    h.changes.onEvent({ kind: 'snapshot', market: 'kraken', symbol: 'BTC/USD', outcome: 'fetched', reason: 'in-stream snapshot', at: 1 });
    const [, second] = await c.until(isType('snapshot'), 2);
    expect(second).toMatchObject({ checksum: 43, bids: [['64000.0', '3']] });
    c.ws.terminate();
  });
});

describe('/stream subscribe messages', () => {
  it('adds and removes books with their own mode, answering each request', async () => {
    const c = await openClient(h, '/stream?symbols=binance-spot:ethusdt');
    await c.until(isType('top'));
    c.send({ op: 'subscribe', symbols: ['binance-spot:btcusdt'], mode: 'diff' });
    const [ack] = await c.until(isType('subscribed'));
    expect(ack).toEqual({ type: 'subscribed', mode: 'diff', books: [{ market: 'binance-spot', symbol: 'BTCUSDT' }], subscriptions: 2 });
    await c.until(isType('snapshot'));
    c.send({ op: 'unsubscribe', symbols: 'binance-spot:btcusdt' });
    expect((await c.until(isType('unsubscribed')))[0]).toMatchObject({ subscriptions: 1 });
    applyUpdate(h, h.btc, [['100.0', '9']], []);
    applyUpdate(h, h.eth, [['30.0', '9']], []);
    await c.until(isType('top'), 2);
    expect(c.messages.filter(isType('diff'))).toHaveLength(0);
    c.ws.terminate();
  });

  it('answers a malformed or unknown request with an error message and keeps the connection', async () => {
    const c = await openClient(h, '/stream?symbols=binance-spot:ethusdt');
    c.send('not json');
    c.send({ op: 'subscribe', symbols: ['xrpusdt'] });
    c.send({ op: 'subscribe', symbols: ['binance-spot:btcusdt'], mode: 'full' });
    const errors = await c.until(isType('error'), 3);
    expect(errors.map((e) => e.error)).toEqual(['bad-request', 'not-found', 'bad-request']);
    c.send({ op: 'subscribe', symbols: ['binance-spot:btcusdt'] });
    await c.until(isType('subscribed'));
    c.ws.terminate();
  });
});
