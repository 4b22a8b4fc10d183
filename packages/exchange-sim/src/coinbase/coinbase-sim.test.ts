import { describe, expect, it } from '@jest/globals';
import { useVenueHarness, repeatUntil } from '../market/venue-harness.test-support.js';
import type { RecordingClient } from '../market/recording-client.test-support.js';
import { CoinbaseSim, type CoinbaseSimOptions } from './coinbase-sim.js';
import { CoinbaseReplica, coinbaseMessages, type CoinbaseMessage } from './coinbase-replica.test-support.js';

const harness = useVenueHarness();

async function start(options: CoinbaseSimOptions = {}): Promise<CoinbaseSim> {
  return harness.track(await CoinbaseSim.start({ autoTick: false, ...options }));
}

const level2 = (...product_ids: string[]) => ({ type: 'subscribe', product_ids, channel: 'level2' });

/** l2_data messages touching a product. */
const l2 = (client: RecordingClient, productId?: string) =>
  coinbaseMessages(client.frames, 'l2_data').filter((m) => productId === undefined || m.events.some((e) => e.product_id === productId));

/** Subscribes level2 for one product and waits for its snapshot. */
async function subscribe(client: RecordingClient, productId: string): Promise<CoinbaseMessage> {
  const before = l2(client, productId).length;
  client.send(level2(productId));
  await client.until(() => l2(client, productId).length > before);
  return l2(client, productId)[before] as CoinbaseMessage;
}

const errors = (client: RecordingClient) => client.frames.filter((f) => f.startsWith('{"type":"error"')).map((f) => JSON.parse(f) as { type: string; message: string });

describe('CoinbaseSim level2', () => {
  it('acknowledges with a subscriptions message, then sends the whole book as one snapshot event', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    const snapshot = await subscribe(client, 'BTC-USD');
    const [ack] = coinbaseMessages(client.frames, 'subscriptions');
    expect(ack).toMatchObject({ channel: 'subscriptions', client_id: '', sequence_num: 0, events: [{ subscriptions: { level2: ['BTC-USD'] } }] });
    expect(snapshot).toMatchObject({ channel: 'l2_data', sequence_num: 1, events: [{ type: 'snapshot', product_id: 'BTC-USD' }] });
    expect(snapshot.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    expect(snapshot.events[0]!.updates![0]).toMatchObject({ side: 'bid', price_level: sim.book('BTC-USD').bids[0]![0] });
    const replica = new CoinbaseReplica();
    replica.apply(snapshot, 'BTC-USD');
    expect(replica.sorted()).toEqual(sim.book('BTC-USD'));
    expect(replica.bids.size).toBe(1000);
  });

  it('numbers every message of the connection across channels, and updates rebuild the true book', async () => {
    const sim = await start({ heartbeatIntervalMs: 20 });
    const client = await harness.connect(sim.wsUrl);
    client.send({ type: 'subscribe', channel: 'heartbeats' });
    await subscribe(client, 'BTC-USD');
    await subscribe(client, 'ETH-USD');
    for (let i = 0; i < 10; i++) {
      sim.tick(10);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await client.until(() => coinbaseMessages(client.frames, 'heartbeats').length >= 3 && l2(client).length >= 2 + 200);
    const all = coinbaseMessages(client.frames);
    expect(all.map((m) => m.sequence_num)).toEqual(all.map((_, i) => i));
    expect(new Set(all.map((m) => m.channel))).toEqual(new Set(['subscriptions', 'l2_data', 'heartbeats']));
    const beats = coinbaseMessages(client.frames, 'heartbeats').map((m) => m.events[0]!);
    expect(beats.map((b) => b.heartbeat_counter)).toEqual(beats.map((_, i) => i + 1));
    expect(beats[0]!.current_time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000 UTC m=\+/);
    let neverHeld = 0;
    for (const productId of ['BTC-USD', 'ETH-USD']) {
      const replica = new CoinbaseReplica();
      for (const m of l2(client, productId)) {
        for (const u of m.events[0]!.updates!) {
          if (u.new_quantity === '0' && !(u.side === 'bid' ? replica.bids : replica.asks).has(u.price_level)) neverHeld += 1;
        }
        replica.apply(m, productId);
      }
      expect(replica.sorted()).toEqual(sim.book(productId));
    }
    // As on Coinbase: a "0" may name a price the book never held (a no-op a client must accept).
    expect(neverHeld).toBeGreaterThan(0);
  });

  it('can hold a book deep enough for a ~5 MB snapshot, sent whole', async () => {
    const sim = await start({ products: [{ productId: 'BTC-USD', levelsPerSide: 25_000 }] });
    const client = await harness.connect(sim.wsUrl);
    const snapshot = await subscribe(client, 'BTC-USD');
    const size = Buffer.byteLength(client.frames.find((f) => f.includes('"type":"snapshot"')) as string);
    expect(size).toBeGreaterThan(4_500_000);
    sim.tick(20);
    await client.until(() => l2(client).length === 21);
    const replica = new CoinbaseReplica();
    for (const m of [snapshot, ...l2(client).slice(1)]) replica.apply(m, 'BTC-USD');
    expect(replica.sorted()).toEqual(sim.book('BTC-USD'));
  }, 20_000);

  it('stops updates on unsubscribe, listing what is left', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    await subscribe(client, 'BTC-USD');
    await subscribe(client, 'ETH-USD');
    client.send({ type: 'unsubscribe', product_ids: ['BTC-USD'], channel: 'level2' });
    await client.until(() => coinbaseMessages(client.frames, 'subscriptions').length === 3);
    expect(coinbaseMessages(client.frames, 'subscriptions')[2]!.events[0]!.subscriptions).toEqual({ level2: ['ETH-USD'] });
    sim.tick(3);
    await client.until(() => l2(client, 'ETH-USD').length === 4);
    expect(l2(client, 'BTC-USD')).toHaveLength(1);
  });

  it('answers an unknown product, an unknown channel and an unreadable request with an error', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    client.send(level2('FOO-BAR'));
    client.send({ type: 'subscribe', product_ids: ['BTC-USD'], channel: 'level3' });
    client.sendText('{');
    await client.frameCount(3);
    expect(errors(client)).toEqual([
      { type: 'error', message: expect.stringContaining('FOO-BAR') },
      { type: 'error', message: expect.stringContaining('level3') },
      { type: 'error', message: expect.any(String) },
    ]);
  });
});

describe('CoinbaseSim faults', () => {
  it('drop: the update is applied but not sent, leaving a hole in sequence_num', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    const snapshot = await subscribe(client, 'BTC-USD');
    sim.inject({ kind: 'drop', symbol: 'BTC-USD' });
    sim.tick(2);
    await client.until(() => l2(client).length === 2);
    expect(l2(client)[1]!.sequence_num).toBe(snapshot.sequence_num + 2);
  });

  it('corrupt: sequence_num stays whole but the rebuilt book differs from the truth', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    const replica = new CoinbaseReplica();
    replica.apply(await subscribe(client, 'BTC-USD'), 'BTC-USD');
    sim.inject({ kind: 'corrupt' });
    sim.tick(1);
    await client.until(() => l2(client).length === 2);
    const update = l2(client)[1]!;
    expect(update.sequence_num).toBe(2);
    replica.apply(update, 'BTC-USD');
    expect(replica.sorted()).not.toEqual(sim.book('BTC-USD'));
  });

  it('malformed: the next update is cut short and is not JSON', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    await subscribe(client, 'BTC-USD');
    sim.inject({ kind: 'malformed' });
    sim.tick(1);
    await client.frameCount(3);
    expect(() => JSON.parse(client.frames[2] as string)).toThrow();
  });

  it('duplicate-subscribe: the acknowledgement and the snapshot come twice, with the same book', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    sim.inject({ kind: 'duplicate-subscribe', symbol: 'BTC-USD' });
    client.send(level2('BTC-USD'));
    await client.frameCount(4);
    const [first, second] = l2(client);
    expect(second!.sequence_num).toBe(first!.sequence_num + 2);
    expect(second!.events).toEqual(first!.events);
    expect(coinbaseMessages(client.frames, 'subscriptions')).toHaveLength(2);
  });

  it('subscription-error: the next subscribe is refused, the one after succeeds', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    sim.inject({ kind: 'subscription-error' });
    client.send(level2('BTC-USD'));
    await client.frameCount(1);
    expect(errors(client)).toEqual([{ type: 'error', message: expect.stringContaining('Failed to subscribe') }]);
    await subscribe(client, 'BTC-USD');
  });

  it('disconnect: the socket is destroyed without a close frame', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    sim.inject({ kind: 'disconnect' });
    expect((await client.waitClosed()).code).toBe(1006);
  });

  it('silence: nothing goes out for a while, and what was lost shows as a hole in sequence_num', async () => {
    const sim = await start({ heartbeatIntervalMs: 20 });
    const client = await harness.connect(sim.wsUrl);
    const snapshot = await subscribe(client, 'BTC-USD');
    // Far longer than the look below, so a stalled test process cannot see the silence end before it looks.
    sim.inject({ kind: 'silence', durationMs: 1_000 });
    sim.tick(3);
    client.send({ type: 'subscribe', channel: 'heartbeats' });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(client.frames).toHaveLength(2);
    await repeatUntil(() => sim.tick(1), () => l2(client).length > 1);
    expect(l2(client)[1]!.sequence_num).toBeGreaterThan(snapshot.sequence_num + 4);
  });

  it('stall: heartbeats go on, numbered without a hole, while the book is withheld', async () => {
    const sim = await start({ heartbeatIntervalMs: 20 });
    const client = await harness.connect(sim.wsUrl);
    client.send({ type: 'subscribe', channel: 'heartbeats' });
    await subscribe(client, 'BTC-USD');
    sim.inject({ kind: 'stall', symbol: 'BTC-USD', durationMs: 60_000 });
    sim.tick(5);
    await client.until(() => coinbaseMessages(client.frames, 'heartbeats').length >= 3);
    expect(l2(client)).toHaveLength(1);
    const all = coinbaseMessages(client.frames);
    expect(all.map((m) => m.sequence_num)).toEqual(all.map((_, i) => i));
  });

  it('garbage: frames naming no channel', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    sim.inject({ kind: 'garbage', count: 2 });
    expect(await client.frameCount(2)).toEqual(['not json', '{"foo":1}']);
  });
});

describe('CoinbaseSim products REST', () => {
  it('lists the products online, with their increments', async () => {
    const sim = await start({ listedProducts: ['SOL-USD'] });
    const body = (await (await fetch(`${sim.restUrl}/api/v3/brokerage/market/products`)).json()) as { products: Record<string, unknown>[] };
    expect(body.products.map((p) => p.product_id)).toEqual(['BTC-USD', 'ETH-USD', 'SOL-USD']);
    expect(body.products[0]).toMatchObject({ status: 'online', quote_increment: '0.01', base_increment: '0.00000001', trading_disabled: false });
    expect((await fetch(`${sim.restUrl}/api/v3/brokerage/market/nope`)).status).toBe(404);
  });
});
