import { afterEach, describe, expect, it } from '@jest/globals';
import { resyncCount, startCoinbaseFeed, stopAll, until, type CoinbaseFeedHarness } from './coinbase-feed.test-support.js';
import { subscriptionsMessage, TrueCoinbaseBook, type FakeCoinbaseServer } from './coinbase-server.test-support.js';

afterEach(stopAll);

const PRODUCTS = ['BTC-USD', 'ETH-USD', 'SOL-USD'];

/** A scripted Coinbase: every level2 subscribe is acknowledged and answered with the product's true book. */
function scripted(refuse: readonly string[] = []) {
  const truth = new Map(PRODUCTS.map((p, i) => [p, new TrueCoinbaseBook(p, [[`${10 + i}.1`, '1'], [`${10 + i}`, '2']], [[`${11 + i}`, '3'], [`${11 + i}.5`, '0.25']])]));
  const onSubscribe = (server: FakeCoinbaseServer, productId: string, connection: number): void => {
    const book = truth.get(productId);
    if (book === undefined || refuse.includes(productId)) {
      // Coinbase's answer to a subscription it refuses carries no sequence_num.
      return server.send(JSON.stringify({ type: 'error', message: `Failed to subscribe: ${productId} is not a valid product` }), connection);
    }
    server.sendNumbered(subscriptionsMessage([productId]), connection);
    server.sendNumbered(book.snapshot(), connection);
  };
  return { truth, onSubscribe };
}

const states = (h: CoinbaseFeedHarness, symbols: readonly string[]) => symbols.map((s) => h.book(s).state);
const held = (h: CoinbaseFeedHarness, symbol: string) => ({ bids: [...h.book(symbol).book.levels('bid')], asks: [...h.book(symbol).book.levels('ask')] });
const quantityAt = (h: CoinbaseFeedHarness, symbol: string, side: 'bid' | 'ask', price: string) =>
  [...h.book(symbol).book.levels(side)].find(([p]) => p === price)?.[1];
const truthOf = (book: TrueCoinbaseBook) => ({ bids: book.side('bid'), asks: book.side('ask') });

describe('the Coinbase connector heals over loopback', () => {
  it('a skipped sequence_num resubscribes every product on that connection, and each comes back live and exact', async () => {
    const { truth, onSubscribe } = scripted();
    const h = await startCoinbaseFeed({ symbols: PRODUCTS, onSubscribe });
    await until(() => states(h, PRODUCTS).every((s) => s === 'live'), 'all live');
    const eth = truth.get('ETH-USD')!;
    h.server.sendNumbered(eth.update([['11.05', '4']], [['12', '0'], ['99', '0']]), 0); // '99' was never held: a no-op
    await until(() => quantityAt(h, 'ETH-USD', 'bid', '11.05') === '4', 'update applied');
    expect(held(h, 'ETH-USD')).toEqual(truthOf(eth));

    h.server.skipNumber(0);
    // Lost with the skipped number: a change the client never sees (only the fresh snapshots can bring it back).
    truth.get('BTC-USD')!.update([['10.1', '0']], []);
    h.server.heartbeat(0);
    await until(() => PRODUCTS.every((p) => h.server.requestsFor(p, 'subscribe').length === 2 && h.book(p).state === 'live'), 'all resubscribed and live');

    // One unsubscribe and one subscribe naming all three (Coinbase allows 8 messages a second per IP).
    expect(h.server.messages.map((m) => m.replace(/"product_ids":\[[^\]]*\]/, (ids) => `${ids.split(',').length} ids`))).toEqual([
      '0:{"type":"subscribe","channel":"heartbeats"}',
      '0:{"type":"subscribe",3 ids,"channel":"level2"}',
      '0:{"type":"unsubscribe",3 ids,"channel":"level2"}',
      '0:{"type":"subscribe",3 ids,"channel":"level2"}',
    ]);
    for (const p of PRODUCTS) {
      expect(h.server.requestsFor(p).map((r) => `${r.connection}:${r.type}`)).toEqual(['0:subscribe', '0:unsubscribe', '0:subscribe']);
      expect(h.book(p).stats.resyncs.gap).toBe(1);
      expect(held(h, p)).toEqual(truthOf(truth.get(p)!));
    }
    expect(h.server.sockets).toHaveLength(1);
  });

  it('with the products over two connections, a gap on one resubscribes only the products it carries', async () => {
    const { truth, onSubscribe } = scripted();
    const h = await startCoinbaseFeed({ symbols: PRODUCTS, onSubscribe, connector: { maxSymbolsPerConnection: 2 } });
    await until(() => states(h, PRODUCTS).every((s) => s === 'live'), 'all live');
    const on = (p: string) => h.server.requestsFor(p, 'subscribe')[0]!.connection;
    const second = PRODUCTS.filter((p) => on(p) === 1);
    const first = PRODUCTS.filter((p) => on(p) === 0);
    expect(second).toHaveLength(1);
    h.server.skipNumber(1);
    h.server.heartbeat(1);
    await until(() => second.every((p) => h.server.requestsFor(p, 'subscribe').length === 2 && h.book(p).state === 'live'), 'resubscribed');
    // A heartbeat on connection 0 after the other's gap was healed: nothing there was touched.
    h.server.heartbeat(0);
    const firstBook = truth.get(first[0]!)!;
    h.server.sendNumbered(firstBook.update([['10.05', '7']], []), 0);
    await until(() => quantityAt(h, first[0]!, 'bid', '10.05') === '7', 'first connection still applying');
    for (const p of first) expect(h.server.requestsFor(p).map((r) => r.type)).toEqual(['subscribe']);
    for (const p of PRODUCTS) expect(resyncCount(h.book(p))).toBe(second.includes(p) ? 1 : 0);
    expect(held(h, first[0]!)).toEqual(truthOf(firstBook));
  });

  it('a refused product goes invalid and is not resubscribed, the others stay live', async () => {
    const { onSubscribe } = scripted(['SOL-USD']);
    const h = await startCoinbaseFeed({ symbols: PRODUCTS, onSubscribe });
    await until(() => h.book('SOL-USD').state === 'invalid' && h.book('BTC-USD').state === 'live' && h.book('ETH-USD').state === 'live', 'one invalid, two live');
    expect(h.book('SOL-USD').reason).toMatch(/SOL-USD is not a valid product/);
    // An error naming no product refuses nothing.
    h.server.send(JSON.stringify({ type: 'error', message: 'rate limit exceeded' }), 0);
    h.server.heartbeat(0);
    h.server.sendNumbered(new TrueCoinbaseBook('ETH-USD', [], []).update([['11.2', '1']], []), 0);
    await until(() => quantityAt(h, 'ETH-USD', 'bid', '11.2') === '1', 'still applying');
    expect(states(h, PRODUCTS)).toEqual(['live', 'live', 'invalid']);
    expect(h.server.requestsFor('SOL-USD').map((r) => r.type)).toEqual(['subscribe']);
  });

  it('a malformed book frame naming a product resyncs that product alone', async () => {
    const { truth, onSubscribe } = scripted();
    const h = await startCoinbaseFeed({ symbols: PRODUCTS, onSubscribe });
    await until(() => states(h, PRODUCTS).every((s) => s === 'live'), 'all live');
    // Numbered, so the connection sequence holds: only the frame's content is broken.
    h.server.sendNumbered({ channel: 'l2_data', events: [{ type: 'update', product_id: 'SOL-USD', updates: [{ side: 'offer', price_level: '1e3', new_quantity: '1' }] }] }, 0);
    await until(() => h.server.requestsFor('SOL-USD', 'subscribe').length === 2 && h.book('SOL-USD').state === 'live', 'SOL-USD resubscribed');
    expect(h.book('SOL-USD').stats.resyncs.decode).toBe(1);
    expect(resyncCount(h.book('BTC-USD')) + resyncCount(h.book('ETH-USD'))).toBe(0);
    expect(held(h, 'SOL-USD')).toEqual(truthOf(truth.get('SOL-USD')!));
  });

  it('a numbered book frame broken before it names its product may have been any product\'s: its number counts as lost, and every product of the connection resubscribes', async () => {
    const { truth, onSubscribe } = scripted();
    const h = await startCoinbaseFeed({ symbols: PRODUCTS, onSubscribe });
    await until(() => states(h, PRODUCTS).every((s) => s === 'live'), 'all live');
    // ETH-USD's update, cut short after its number and before its product (as a simulator's `malformed` cut can).
    const whole = JSON.stringify(truth.get('ETH-USD')!.update([['11.07', '3']], []));
    const events = whole.slice(whole.indexOf('"events"'));
    h.server.sendNumberedText((n) => `{"channel":"l2_data","client_id":"","timestamp":"2026-08-09T21:05:49.000000000Z","sequence_num":${n},${events.slice(0, 30)}`, 0);
    h.server.heartbeat(0);
    await until(() => PRODUCTS.every((p) => h.server.requestsFor(p, 'subscribe').length === 2 && h.book(p).state === 'live'), 'all resubscribed and live');
    for (const p of PRODUCTS) {
      expect(h.book(p).stats.resyncs).toEqual({ gap: 1 });
      expect(held(h, p)).toEqual(truthOf(truth.get(p)!));
    }
    expect(quantityAt(h, 'ETH-USD', 'bid', '11.07')).toBe('3');
    expect(h.feed.connections().malformed).toBe(1);
  });
});
