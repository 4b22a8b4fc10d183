import { describe, expect, it } from '@jest/globals';
import { useVenueHarness, repeatUntil } from '../market/venue-harness.test-support.js';
import type { RecordingClient } from '../market/recording-client.test-support.js';
import { ExchangeSimError } from '../market/errors.js';
import { BybitSim, type BybitSimOptions } from './bybit-sim.js';
import { BybitReplica, bybitPushes, type BybitPush } from './bybit-replica.test-support.js';

const harness = useVenueHarness();

async function start(options: BybitSimOptions = {}): Promise<BybitSim> {
  return harness.track(await BybitSim.start({ autoTick: false, ...options }));
}

const sub = (...args: string[]) => ({ op: 'subscribe', args, req_id: 'r1' });

/** Subscribes one topic and waits for its snapshot; returns it. */
async function subscribe(client: RecordingClient, topic: string): Promise<BybitPush> {
  const before = bybitPushes(client.frames, topic).length;
  client.send(sub(topic));
  await client.until(() => bybitPushes(client.frames, topic).length > before);
  return bybitPushes(client.frames, topic)[before] as BybitPush;
}

/** Waits until the client holds `n` pushes of the topic. */
async function pushes(client: RecordingClient, topic: string, n: number): Promise<BybitPush[]> {
  await client.until(() => bybitPushes(client.frames, topic).length >= n);
  return bybitPushes(client.frames, topic);
}

/** Answers (subscribe, ping, errors) among the frames. */
function answers(client: RecordingClient): Record<string, unknown>[] {
  return client.frames.filter((f) => f.includes('"op"')).map((f) => JSON.parse(f) as Record<string, unknown>);
}

const truth = (sim: BybitSim, symbol: string, depth = 200) => {
  const { bids, asks } = sim.book(symbol, depth);
  return { bids, asks };
};

describe('BybitSim order books', () => {
  it('acknowledges a subscribe with conn_id and req_id, then sends a 200-level snapshot equal to the true book', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    const snapshot = await subscribe(client, 'orderbook.200.BTCUSDT');
    expect(JSON.parse(client.frames[0] as string)).toEqual({ success: true, ret_msg: '', conn_id: sim.connectionIds()[0], req_id: 'r1', op: 'subscribe' });
    expect(snapshot).toMatchObject({ topic: 'orderbook.200.BTCUSDT', type: 'snapshot', data: { s: 'BTCUSDT', u: sim.updateId('orderbook.200.BTCUSDT') } });
    expect(snapshot.data.b).toHaveLength(200);
    expect(snapshot.data.a).toHaveLength(200);
    const replica = new BybitReplica();
    replica.apply(snapshot);
    expect(replica.sorted()).toEqual(truth(sim, 'BTCUSDT'));
    expect(sim.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v5\/public\/spot$/);
  });

  it('chains deltas by u +1 per topic, seq rising across symbols, and keeps each window exact (refilled from below)', async () => {
    const sim = await start({ category: 'linear', symbols: [{ symbol: 'BTCUSDT' }, { symbol: 'SOLUSDT' }] });
    const client = await harness.connect(sim.wsUrl);
    const replicas = new Map<string, BybitReplica>();
    for (const topic of ['orderbook.50.BTCUSDT', 'orderbook.1.BTCUSDT', 'orderbook.200.SOLUSDT']) {
      const replica = new BybitReplica();
      replica.apply(await subscribe(client, topic));
      replicas.set(topic, replica);
    }
    sim.tick(150);
    const depthOf = (topic: string) => Number(topic.split('.')[1]);
    await client.until(() => [...replicas.keys()].every((t) => bybitPushes(client.frames, t).at(-1)?.data.u === sim.updateId(t)));
    let lastSeq = 0;
    for (const push of bybitPushes(client.frames).filter((p) => p.type === 'delta')) {
      const replica = replicas.get(push.topic) as BybitReplica;
      expect(push.data.u).toBe(replica.u + 1);
      expect(push.data.seq).toBeGreaterThanOrEqual(lastSeq);
      lastSeq = push.data.seq;
      replica.apply(push);
      expect(replica.bids.size).toBeLessThanOrEqual(depthOf(push.topic));
      expect(replica.asks.size).toBeLessThanOrEqual(depthOf(push.topic));
    }
    for (const [topic, replica] of replicas) {
      const [, depth, symbol] = topic.split('.');
      expect(replica.sorted()).toEqual(truth(sim, symbol as string, Number(depth)));
    }
    // Full windows: deletions inside a window were refilled from the deeper true book.
    expect(replicas.get('orderbook.50.BTCUSDT')!.bids.size).toBe(50);
    expect(sim.book('SOLUSDT').bids[0]![0]).toMatch(/^\d+\.\d{3}$/);
  });

  it('answers ping with pong, echoing req_id', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    client.send({ op: 'ping', req_id: '7' });
    await client.frameCount(1);
    expect(JSON.parse(client.frames[0] as string)).toEqual({ success: true, ret_msg: 'pong', conn_id: sim.connectionIds()[0], req_id: '7', op: 'ping' });
  });

  it('stops pushes on unsubscribe and starts over with a snapshot on a new subscribe', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    await subscribe(client, 'orderbook.200.BTCUSDT');
    client.send({ op: 'unsubscribe', args: ['orderbook.200.BTCUSDT'] });
    await client.until(() => answers(client).some((a) => a.op === 'unsubscribe' && a.success === true));
    sim.tick(5);
    const snapshot = await subscribe(client, 'orderbook.200.BTCUSDT');
    expect(bybitPushes(client.frames).map((p) => p.type)).toEqual(['snapshot', 'snapshot']);
    expect(snapshot.data.u).toBe(sim.updateId('orderbook.200.BTCUSDT'));
  });

  it('refuses an unknown symbol or depth with Invalid symbol, naming the topic', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    client.send(sub('orderbook.200.FOO'));
    client.send(sub('orderbook.25.BTCUSDT'));
    await client.frameCount(2);
    expect(answers(client)).toEqual([
      { success: false, ret_msg: 'Invalid symbol :[orderbook.200.FOO]', conn_id: sim.connectionIds()[0], req_id: 'r1', op: 'subscribe' },
      expect.objectContaining({ success: false, ret_msg: 'Invalid symbol :[orderbook.25.BTCUSDT]' }),
    ]);
  });

  it('serves only its category path: another category is a 404', async () => {
    const sim = await start({ category: 'inverse' });
    await expect(harness.connect(sim.wsUrl.replace('inverse', 'spot'))).rejects.toThrow('HTTP 404');
    const client = await harness.connect(sim.wsUrl);
    const snapshot = await subscribe(client, 'orderbook.1.BTCUSD');
    expect(snapshot.data.b).toHaveLength(1);
    expect(snapshot.data.b[0]![1]).toMatch(/^\d+$/);
  });

  it('refuses a category it does not know', async () => {
    await expect(BybitSim.start({ category: 'option' as never })).rejects.toThrow(ExchangeSimError);
  });
});

describe('BybitSim faults', () => {
  it('drop: the next delta is applied but not sent, so u skips one', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    const snapshot = await subscribe(client, 'orderbook.200.BTCUSDT');
    sim.inject({ kind: 'drop', symbol: 'BTCUSDT' });
    sim.tick(20);
    const [, first] = await pushes(client, 'orderbook.200.BTCUSDT', 2);
    expect(first!.data.u).toBe(snapshot.data.u + 2);
  });

  it('corrupt: the delta keeps its u but one size is wrong, so the rebuilt book differs from the truth', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    const replica = new BybitReplica();
    replica.apply(await subscribe(client, 'orderbook.200.BTCUSDT'));
    sim.inject({ kind: 'corrupt', symbol: 'BTCUSDT' });
    sim.tick(1);
    const [, update] = await pushes(client, 'orderbook.200.BTCUSDT', 2);
    expect(update!.data.u).toBe(replica.u + 1);
    replica.apply(update!);
    expect(replica.sorted()).not.toEqual(truth(sim, 'BTCUSDT'));
  });

  it('malformed: the next delta is cut short and is not JSON', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    await subscribe(client, 'orderbook.200.BTCUSDT');
    sim.inject({ kind: 'malformed' });
    sim.tick(20);
    await client.frameCount(3);
    expect(() => JSON.parse(client.frames[2] as string)).toThrow();
  });

  it('duplicate-subscribe: two identical snapshots', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    sim.inject({ kind: 'duplicate-subscribe', symbol: 'BTCUSDT' });
    client.send(sub('orderbook.200.BTCUSDT'));
    const frames = await client.frameCount(3);
    expect(frames[1]).toBe(frames[2]);
    expect(frames[1]).toContain('"type":"snapshot"');
  });

  it('subscription-error: the next subscribe is refused, the one after succeeds', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    sim.inject({ kind: 'subscription-error', symbol: 'BTCUSDT' });
    client.send(sub('orderbook.200.BTCUSDT'));
    await client.frameCount(1);
    expect(answers(client)[0]).toMatchObject({ success: false, op: 'subscribe' });
    expect(bybitPushes(client.frames)).toHaveLength(0);
    await subscribe(client, 'orderbook.200.BTCUSDT');
  });

  it('service-restart: subscribers get a snapshot with u 1 equal to the true book, then deltas from u 2', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    await subscribe(client, 'orderbook.200.BTCUSDT');
    sim.tick(3);
    sim.inject({ kind: 'service-restart', symbol: 'BTCUSDT' });
    await client.until(() => bybitPushes(client.frames).some((p) => p.data.u === 1));
    const restartAt = bybitPushes(client.frames).findIndex((p) => p.data.u === 1);
    const restart = bybitPushes(client.frames)[restartAt]!;
    expect(restart.type).toBe('snapshot');
    const replica = new BybitReplica();
    replica.apply(restart);
    expect(replica.sorted()).toEqual(truth(sim, 'BTCUSDT'));
    sim.tick(30);
    await client.until(() => bybitPushes(client.frames).at(-1)?.data.u === sim.updateId('orderbook.200.BTCUSDT'));
    for (const push of bybitPushes(client.frames).slice(restartAt + 1)) {
      expect(push.data.u).toBe(replica.u + 1);
      replica.apply(push);
    }
    expect(replica.sorted()).toEqual(truth(sim, 'BTCUSDT'));
  });

  it('service-restart is Bybit-only: other venues refuse it', async () => {
    const { OkxSim } = await import('../okx/okx-sim.js');
    const okx = harness.track(await OkxSim.start({ autoTick: false }));
    expect(() => okx.inject({ kind: 'service-restart' })).toThrow(ExchangeSimError);
  });

  it('disconnect: the socket is destroyed without a close frame', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    sim.inject({ kind: 'disconnect' });
    expect((await client.waitClosed()).code).toBe(1006);
  });

  it('silence: nothing reaches the connection, pongs included, and the book moved on meanwhile', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    const snapshot = await subscribe(client, 'orderbook.200.BTCUSDT');
    sim.inject({ kind: 'silence', durationMs: 300 });
    client.send({ op: 'ping' });
    sim.tick(5);
    expect(client.frames).toHaveLength(2);
    await repeatUntil(() => client.send({ op: 'ping' }), () => client.frames.some((f) => f.includes('pong')));
    sim.tick(20);
    const [, next] = await pushes(client, 'orderbook.200.BTCUSDT', 2);
    expect(next!.data.u).toBeGreaterThan(snapshot.data.u + 1);
  });

  it('stall: deltas stop while pings are still answered', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    await subscribe(client, 'orderbook.200.BTCUSDT');
    sim.inject({ kind: 'stall', symbol: 'BTCUSDT', durationMs: 60_000 });
    sim.tick(5);
    client.send({ op: 'ping' });
    await client.until(() => client.frames.some((f) => f.includes('pong')));
    expect(bybitPushes(client.frames)).toHaveLength(1);
  });

  it('random faults: the default schedule draws service restarts too, and tells the listeners', async () => {
    const sim = await start({ randomFaults: { everyTicks: 1, seed: 5 } });
    const told: string[] = [];
    sim.onFault((f) => told.push(f.kind));
    sim.tick(60);
    expect(told).toHaveLength(60);
    expect(told).toContain('service-restart');
    expect(sim.stats().faultsInjected['service-restart']).toBe(told.filter((k) => k === 'service-restart').length);
  });

  it('garbage: frames naming no topic', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    sim.inject({ kind: 'garbage', count: 2 });
    expect(await client.frameCount(2)).toEqual(['not json', '{"foo":1}']);
  });
});

describe('BybitSim instruments REST', () => {
  it('lists the category instruments as Trading, with tick and step, in one page', async () => {
    const sim = await start({ category: 'linear', symbols: [{ symbol: 'BTCUSDT' }], listedSymbols: ['ETHUSDT'] });
    type Answer = { retCode: number; result: { category: string; list: Record<string, unknown>[]; nextPageCursor: string } };
    const get = async (query: string) => (await (await fetch(`${sim.restUrl}/v5/market/instruments-info${query}`)).json()) as Answer;
    const linear = await get('?category=linear');
    expect(linear).toMatchObject({ retCode: 0, result: { category: 'linear', nextPageCursor: '' } });
    expect(linear.result.list.map((i) => i.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(linear.result.list[0]).toMatchObject({
      status: 'Trading',
      contractType: 'LinearPerpetual',
      priceFilter: { tickSize: '0.10' },
      lotSizeFilter: { qtyStep: '0.001' },
    });
    expect((await get('?category=spot')).result.list).toEqual([]);
    expect((await get('?category=nope')).retCode).toBe(10001);
  });
});
