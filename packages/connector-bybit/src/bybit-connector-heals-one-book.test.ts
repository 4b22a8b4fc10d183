import { afterEach, describe, expect, it } from '@jest/globals';
import { resyncCount, startBybitFeed, stopAll, until, type BybitFeedHarness } from './bybit-feed.test-support.js';
import { TrueBybitBook, type FakeBybitServer } from './bybit-server.test-support.js';

afterEach(stopAll);

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];

/** A true book per symbol, each sent as a snapshot when its topic is subscribed. */
function trueBooks(): Map<string, TrueBybitBook> {
  return new Map(
    SYMBOLS.map((symbol, i) => [
      symbol,
      new TrueBybitBook(symbol, [[`${100 + i}.1`, '1'], [`${100 + i}.0`, '2']], [[`${101 + i}.0`, '3'], [`${101 + i}.5`, '4']], 500 + i * 100),
    ]),
  );
}

/** Starts the feed on the given books, waits until every book is live. */
async function liveFeed(books: Map<string, TrueBybitBook>, setup: { maxSymbolsPerConnection?: number; server?: (server: FakeBybitServer) => void } = {}) {
  const harness = await startBybitFeed({
    symbols: SYMBOLS.map((s) => s.toLowerCase()),
    connector: { maxSymbolsPerConnection: setup.maxSymbolsPerConnection ?? 50 },
    onSubscribe: (server, symbol, _topic, connection) => {
      const book = books.get(symbol);
      if (book !== undefined) server.send(book.snapshot(), connection);
    },
    server: setup.server,
  });
  await until(() => SYMBOLS.every((s) => harness.book(s).state === 'live'), 'every book live');
  return harness;
}

/** Where each symbol's topic was subscribed. */
function connectionOf(server: FakeBybitServer, symbol: string): number {
  return server.requestsFor(symbol, 'subscribe')[0]!.connection;
}

function expectEqualsTrue(harness: BybitFeedHarness, truth: TrueBybitBook): void {
  const view = harness.book(truth.symbol);
  expect(view.lastUpdateId).toBe(truth.u);
  expect([...view.book.levels('bid')]).toEqual(truth.side('bid'));
  expect([...view.book.levels('ask')]).toEqual(truth.side('ask'));
}

describe('Bybit over loopback: one book heals alone', () => {
  it('a u gap resyncs that symbol alone by unsubscribe + subscribe on its connection; it comes back live and exact', async () => {
    const books = trueBooks();
    const harness = await liveFeed(books);
    const { server } = harness;
    const btc = books.get('BTCUSDT')!;
    const eth = books.get('ETHUSDT')!;
    server.send(btc.delta([['100.1', '5']], []), connectionOf(server, 'BTCUSDT'));
    server.send(eth.delta([], [['102.0', '7']]), connectionOf(server, 'ETHUSDT'));
    await until(() => harness.book('BTCUSDT').lastUpdateId === btc.u && harness.book('ETHUSDT').lastUpdateId === eth.u, 'deltas applied');

    btc.delta([['99.9', '1']], []); // lost on the way: the next push skips a u
    server.send(btc.delta([], [['101.0', '0']]), connectionOf(server, 'BTCUSDT'));
    await until(() => harness.book('BTCUSDT').stats.resyncs.gap === 1 && harness.book('BTCUSDT').state === 'live', 'BTCUSDT resynced and live');

    expect(server.requestsFor('BTCUSDT').map((r) => `${r.op}@${r.connection}`)).toEqual(['subscribe@0', 'unsubscribe@0', 'subscribe@0']);
    expectEqualsTrue(harness, btc);
    // The others were never unsubscribed, never resynced, and go on.
    for (const symbol of ['ETHUSDT', 'SOLUSDT']) {
      expect(server.requestsFor(symbol).map((r) => r.op)).toEqual(['subscribe']);
      expect(resyncCount(harness.book(symbol))).toBe(0);
    }
    server.send(eth.delta([['101.1', '3']], []), connectionOf(server, 'ETHUSDT'));
    await until(() => harness.book('ETHUSDT').lastUpdateId === eth.u, 'ETHUSDT goes on');
    expectEqualsTrue(harness, eth);
  });

  it('with the books over two connections, only the carrying connection sees the unsubscribe and subscribe', async () => {
    const books = trueBooks();
    const harness = await liveFeed(books, { maxSymbolsPerConnection: 2 });
    const { server } = harness;
    expect(new Set(SYMBOLS.map((s) => connectionOf(server, s))).size).toBe(2);
    const sol = books.get('SOLUSDT')!;
    const carrying = connectionOf(server, 'SOLUSDT');
    sol.delta([['102.0', '1']], []);
    server.send(sol.delta([['102.1', '0']], []), carrying);
    await until(() => harness.book('SOLUSDT').stats.resyncs.gap === 1 && harness.book('SOLUSDT').state === 'live', 'SOLUSDT resynced');

    const after = server.requests.filter((r) => r.op === 'unsubscribe' || server.requestsFor(r.symbol, 'subscribe').indexOf(r) > 0);
    expect(after.map((r) => `${r.op}:${r.symbol}@${r.connection}`)).toEqual([`unsubscribe:SOLUSDT@${carrying}`, `subscribe:SOLUSDT@${carrying}`]);
    expectEqualsTrue(harness, sol);
    expect(resyncCount(harness.book('BTCUSDT')) + resyncCount(harness.book('ETHUSDT'))).toBe(0);
  });

  it('a snapshot with u == 1 (Bybit restarted) replaces the book; the chain goes on from 1 with no resync', async () => {
    const books = trueBooks();
    const harness = await liveFeed(books);
    const { server } = harness;
    const btc = books.get('BTCUSDT')!;
    const at = connectionOf(server, 'BTCUSDT');
    server.send(btc.delta([['100.5', '2']], []), at);
    await until(() => harness.book('BTCUSDT').lastUpdateId === btc.u, 'delta applied');
    const before = btc.u;
    expect(before).toBeGreaterThan(1);

    // The restart's book differs from the old one: a level vanished and one appeared.
    btc.delta([['100.5', '0'], ['99.5', '8']], []);
    server.send(btc.restart(), at);
    await until(() => harness.book('BTCUSDT').lastUpdateId === 1, 'the restart snapshot taken');
    expectEqualsTrue(harness, btc);
    server.send(btc.delta([], [['101.2', '6']]), at);
    server.send(btc.delta([['100.1', '0']], []), at);
    await until(() => harness.book('BTCUSDT').lastUpdateId === 3, 'deltas after the restart applied');

    expectEqualsTrue(harness, btc);
    expect(harness.book('BTCUSDT').state).toBe('live');
    expect(resyncCount(harness.book('BTCUSDT'))).toBe(0);
    expect(server.requestsFor('BTCUSDT').map((r) => r.op)).toEqual(['subscribe']);
  });

  it('a repeated push is dropped as stale; the book stays live and exact', async () => {
    const books = trueBooks();
    const harness = await liveFeed(books);
    const { server } = harness;
    const eth = books.get('ETHUSDT')!;
    const at = connectionOf(server, 'ETHUSDT');
    const push = eth.delta([['101.1', '9']], []);
    server.send(push, at);
    server.send(push, at);
    server.send(eth.delta([['101.1', '4']], []), at);
    await until(() => harness.book('ETHUSDT').lastUpdateId === eth.u, 'the push after the repeat applied');

    expect(harness.book('ETHUSDT').stats.staleDropped).toBe(1);
    expect(resyncCount(harness.book('ETHUSDT'))).toBe(0);
    expectEqualsTrue(harness, eth);
  });

  it('a refused subscription naming a symbol makes that book invalid; the others go live', async () => {
    const books = trueBooks();
    books.delete('SOLUSDT');
    const harness = await startBybitFeed({
      symbols: SYMBOLS,
      onSubscribe: (server, symbol, _topic, connection) => {
        const book = books.get(symbol);
        if (book !== undefined) server.send(book.snapshot(), connection);
      },
      server: (server) => {
        server.subscribeAck = (topics) => {
          const bad = topics.filter((t) => t.endsWith('.SOLUSDT'));
          return bad.length === 0 ? { success: true, ret_msg: '' } : { success: false, ret_msg: `Invalid symbol :[${bad.join(',')}]` };
        };
      },
    });
    // The three topics share one request: Bybit refuses it whole; the connector asks for the other two again at once.
    await until(() => harness.book('SOLUSDT').state === 'invalid', 'SOLUSDT invalid');
    expect(harness.book('SOLUSDT').reason).toContain('Invalid symbol :[orderbook.200.SOLUSDT]');
    // Well within the feed's 10 s snapshot wait: the retry came from the connector, not from a timeout.
    await until(() => harness.book('BTCUSDT').state === 'live' && harness.book('ETHUSDT').state === 'live', 'the others live', 5_000);
    expect(harness.server.requestsFor('SOLUSDT', 'subscribe')).toHaveLength(1);
    expect(harness.server.requestsFor('BTCUSDT', 'subscribe').map((r) => r.args)).toEqual([3, 2]);
  });

  it('"already subscribed" is no refusal: the book stays live', async () => {
    const books = trueBooks();
    const harness = await liveFeed(books);
    harness.server.send(JSON.stringify({ success: false, ret_msg: 'error:already subscribed,topic:orderbook.200.BTCUSDT', conn_id: 'c0', op: 'subscribe' }), 0);
    const btc = books.get('BTCUSDT')!;
    harness.server.send(btc.delta([['100.1', '3']], []), connectionOf(harness.server, 'BTCUSDT'));
    await until(() => harness.book('BTCUSDT').lastUpdateId === btc.u, 'a later delta applied');
    expect(harness.book('BTCUSDT').state).toBe('live');
  });
});

describe('Bybit over loopback: keepalive', () => {
  it('pings {"op":"ping"} at the interval; the answers keep a quiet connection alive with its books live', async () => {
    const books = trueBooks();
    const harness = await startBybitFeed({
      symbols: SYMBOLS,
      connector: { pingIntervalMs: 50 },
      feed: { silenceTimeoutMs: 400 },
      onSubscribe: (server, symbol, _topic, connection) => server.send(books.get(symbol)!.snapshot(), connection),
    });
    await until(() => SYMBOLS.every((s) => harness.book(s).state === 'live'), 'every book live');
    // Well past the silence timeout with no data at all: only the pongs keep it.
    await until(() => harness.server.pings.length >= 20, '20 pings');
    expect(harness.server.sockets).toHaveLength(1);
    expect(SYMBOLS.every((s) => harness.book(s).state === 'live')).toBe(true);
  });

  it('unanswered pings: the silent connection is recycled and every book subscribed again', async () => {
    const books = trueBooks();
    const harness = await startBybitFeed({
      symbols: SYMBOLS,
      connector: { pingIntervalMs: 50 },
      feed: { silenceTimeoutMs: 300 },
      onSubscribe: (server, symbol, _topic, connection) => server.send(books.get(symbol)!.snapshot(), connection),
    });
    await until(() => SYMBOLS.every((s) => harness.book(s).state === 'live'), 'every book live');
    harness.server.answerPings = false;
    await until(() => harness.server.sockets.length >= 2, 'a second connection');
    harness.server.answerPings = true;
    await until(() => SYMBOLS.every((s) => harness.book(s).state === 'live' && harness.server.requestsFor(s, 'subscribe').length >= 2), 'every book live again');
  });
});
