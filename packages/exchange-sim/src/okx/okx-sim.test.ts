import { describe, expect, it } from '@jest/globals';
import { useVenueHarness, repeatUntil } from '../market/venue-harness.test-support.js';
import type { RecordingClient } from '../market/recording-client.test-support.js';
import { OkxSim, type OkxSimOptions } from './okx-sim.js';
import { OkxReplica, okxPushes, type OkxPush } from './okx-replica.test-support.js';

const harness = useVenueHarness();

async function start(options: OkxSimOptions = {}): Promise<OkxSim> {
  return harness.track(await OkxSim.start({ autoTick: false, ...options }));
}

const books = (instId: string, channel = 'books') => ({ op: 'subscribe', args: [{ channel, instId }] });

/** Subscribes and waits for the ack and the snapshot; returns the snapshot. */
async function subscribe(client: RecordingClient, instId: string, channel = 'books'): Promise<OkxPush> {
  const before = okxPushes(client.frames, instId).length;
  client.send(books(instId, channel));
  await client.until(() => okxPushes(client.frames, instId).length > before);
  return okxPushes(client.frames, instId)[before] as OkxPush;
}

/** Waits until the client holds `n` pushes of the instrument. */
async function pushes(client: RecordingClient, instId: string, n: number): Promise<OkxPush[]> {
  await client.until(() => okxPushes(client.frames, instId).length >= n);
  return okxPushes(client.frames, instId);
}

describe('OkxSim order books', () => {
  it('acknowledges a subscription with its connId, then sends a 400-level snapshot whose checksum a hand-built book matches', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    const snapshot = await subscribe(client, 'BTC-USDT');
    expect(JSON.parse(client.frames[0] as string)).toEqual({
      event: 'subscribe',
      arg: { channel: 'books', instId: 'BTC-USDT' },
      connId: sim.connectionIds()[0],
    });
    const data = snapshot.data[0]!;
    expect(snapshot.action).toBe('snapshot');
    expect(data.prevSeqId).toBe(-1);
    expect(data.seqId).toBe(sim.seqId('BTC-USDT'));
    expect(data.bids).toHaveLength(400);
    expect(data.asks).toHaveLength(400);
    expect(data.bids[0]).toHaveLength(4);
    const replica = new OkxReplica();
    replica.apply(snapshot);
    expect(replica.checksum()).toBe(data.checksum);
    expect(sim.checksum('BTC-USDT')).toBe(data.checksum);
    expect(replica.sorted()).toEqual({ bids: sim.book('BTC-USDT').bids, asks: sim.book('BTC-USDT').asks });
  });

  it('chains updates by prevSeqId, each carrying the checksum of the book after it, ending on the true book', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    await subscribe(client, 'ETH-USDT');
    sim.tick(60);
    const all = await pushes(client, 'ETH-USDT', 61);
    const replica = new OkxReplica();
    for (const push of all) {
      const data = push.data[0]!;
      if (push.action === 'update') expect(data.prevSeqId).toBe(replica.seqId);
      replica.apply(push);
      expect(replica.checksum()).toBe(data.checksum);
      expect(replica.bids.size).toBeLessThanOrEqual(400);
      expect(replica.asks.size).toBeLessThanOrEqual(400);
    }
    expect(replica.seqId).toBe(sim.seqId('ETH-USDT'));
    expect(replica.sorted()).toEqual({ bids: sim.book('ETH-USDT').bids, asks: sim.book('ETH-USDT').asks });
    expect(sim.book('ETH-USDT', 5).bids).toHaveLength(5);
  });

  it('serves books-l2-tbt beside books, on one connection, with the same updates', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    await subscribe(client, 'BTC-USDT', 'books');
    await subscribe(client, 'BTC-USDT', 'books-l2-tbt');
    sim.tick(3);
    const all = await pushes(client, 'BTC-USDT', 8);
    const tbt = all.filter((p) => p.arg.channel === 'books-l2-tbt' && p.action === 'update');
    const plain = all.filter((p) => p.arg.channel === 'books' && p.action === 'update');
    expect(tbt.map((p) => p.data[0]!.seqId)).toEqual(plain.map((p) => p.data[0]!.seqId));
  });

  it('generates traffic on its own timer, and tick() still drives it once paused', async () => {
    const sim = await start({ autoTick: true, tickIntervalMs: 5 });
    const client = await harness.connect(sim.wsUrl);
    await subscribe(client, 'BTC-USDT');
    await pushes(client, 'BTC-USDT', 4);
    sim.pause();
    const seqId = sim.seqId('BTC-USDT');
    sim.tick(1);
    expect(sim.seqId('BTC-USDT')).not.toBe(seqId);
  });

  it('answers the text ping with the text pong', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    client.sendText('ping');
    await client.until(() => client.frames.includes('pong'));
  });

  it('stops updates on unsubscribe and starts over with a fresh snapshot on a new subscribe', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    await subscribe(client, 'BTC-USDT');
    client.send({ op: 'unsubscribe', args: [{ channel: 'books', instId: 'BTC-USDT' }] });
    await client.until(() => client.frames.some((f) => f.includes('"event":"unsubscribe"')));
    sim.tick(5);
    const snapshot = await subscribe(client, 'BTC-USDT');
    // No update arrived between the two snapshots: the second push is the new snapshot.
    expect(okxPushes(client.frames, 'BTC-USDT').map((p) => p.action)).toEqual(['snapshot', 'snapshot']);
    expect(snapshot.data[0]!.seqId).toBe(sim.seqId('BTC-USDT'));
  });

  it('refuses an unknown instId with error 60018, naming it only inside msg', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    client.send(books('FOO-BAR'));
    await client.frameCount(1);
    const error = JSON.parse(client.frames[0] as string) as Record<string, unknown>;
    expect(error).toEqual({ event: 'error', code: '60018', msg: expect.stringContaining('instId:FOO-BAR doesn'), connId: sim.connectionIds()[0] });
    expect(Object.keys(error)).not.toContain('arg');
  });

  it('closes a connection it sent nothing for idleTimeoutMs', async () => {
    const sim = await start({ idleTimeoutMs: 100 });
    const client = await harness.connect(sim.wsUrl);
    expect((await client.waitClosed()).code).toBe(4004);
  });
});

describe('OkxSim faults', () => {
  it('drop: the next update is applied but not sent, so prevSeqId skips and the checksum fails', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    const replica = new OkxReplica();
    replica.apply(await subscribe(client, 'BTC-USDT'));
    sim.inject({ kind: 'drop', symbol: 'BTC-USDT' });
    sim.tick(2);
    const [, update] = await pushes(client, 'BTC-USDT', 2);
    expect(update!.data[0]!.prevSeqId).not.toBe(replica.seqId);
    replica.apply(update!);
    expect(replica.checksum()).not.toBe(update!.data[0]!.checksum);
  });

  it('drop scoped to a connection: only that connection misses the update', async () => {
    const sim = await start();
    const a = await harness.connect(sim.wsUrl);
    const b = await harness.connect(sim.wsUrl);
    await subscribe(a, 'BTC-USDT');
    await subscribe(b, 'BTC-USDT');
    const [idA] = sim.connectionIds();
    sim.inject({ kind: 'drop', connection: idA });
    sim.tick(2);
    const fromB = await pushes(b, 'BTC-USDT', 3);
    const fromA = await pushes(a, 'BTC-USDT', 2);
    expect(fromA[1]!.data[0]!.seqId).toBe(fromB[2]!.data[0]!.seqId);
  });

  it('corrupt: the update keeps its ids but one size is wrong, which only the checksum shows', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    const replica = new OkxReplica();
    replica.apply(await subscribe(client, 'BTC-USDT'));
    sim.inject({ kind: 'corrupt', symbol: 'BTC-USDT' });
    sim.tick(1);
    const [, update] = await pushes(client, 'BTC-USDT', 2);
    expect(update!.data[0]!.prevSeqId).toBe(replica.seqId);
    replica.apply(update!);
    expect(replica.checksum()).not.toBe(update!.data[0]!.checksum);
    expect(sim.checksum('BTC-USDT')).toBe(update!.data[0]!.checksum);
  });

  it('malformed: the next update is cut short and is not JSON', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    await subscribe(client, 'BTC-USDT');
    sim.inject({ kind: 'malformed' });
    sim.tick(1);
    await client.frameCount(3);
    expect(() => JSON.parse(client.frames[2] as string)).toThrow();
  });

  it('duplicate-subscribe: two acknowledgements, then two identical snapshots', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    sim.inject({ kind: 'duplicate-subscribe', symbol: 'BTC-USDT' });
    client.send(books('BTC-USDT'));
    const frames = await client.frameCount(4);
    expect(frames[0]).toBe(frames[1]);
    expect(frames[0]).toContain('"event":"subscribe"');
    expect(frames[2]).toBe(frames[3]);
    expect(frames[2]).toContain('"action":"snapshot"');
  });

  it('subscription-error: the next subscribe is refused, the one after succeeds', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    sim.inject({ kind: 'subscription-error', symbol: 'BTC-USDT' });
    client.send(books('BTC-USDT'));
    await client.frameCount(1);
    expect(JSON.parse(client.frames[0] as string)).toMatchObject({ event: 'error', code: '50001' });
    await subscribe(client, 'BTC-USDT');
  });

  it('disconnect: the socket is destroyed without a close frame', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    sim.inject({ kind: 'disconnect' });
    expect((await client.waitClosed()).code).toBe(1006);
  });

  it('silence: nothing reaches the connection, pongs included, and the book moved on meanwhile', async () => {
    const sim = await start();
    const quiet = await harness.connect(sim.wsUrl);
    const other = await harness.connect(sim.wsUrl);
    const snapshot = await subscribe(quiet, 'BTC-USDT');
    await subscribe(other, 'BTC-USDT');
    sim.inject({ kind: 'silence', connection: sim.connectionIds()[0], durationMs: 300 });
    quiet.sendText('ping');
    sim.tick(3);
    await pushes(other, 'BTC-USDT', 4);
    expect(quiet.frames).toHaveLength(2);
    await repeatUntil(() => quiet.sendText('ping'), () => quiet.frames.includes('pong'));
    sim.tick(1);
    const [, update] = await pushes(quiet, 'BTC-USDT', 2);
    expect(update!.data[0]!.prevSeqId).not.toBe(snapshot.data[0]!.seqId);
  });

  it('stall: book pushes stop while pings are still answered', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    await subscribe(client, 'BTC-USDT');
    sim.inject({ kind: 'stall', symbol: 'BTC-USDT', durationMs: 60_000 });
    sim.tick(3);
    client.sendText('ping');
    await client.until(() => client.frames.includes('pong'));
    expect(okxPushes(client.frames)).toHaveLength(1);
  });

  it('quiet: the market stands still, so no update is generated', async () => {
    const sim = await start();
    const seqId = sim.seqId('BTC-USDT');
    sim.inject({ kind: 'quiet', symbol: 'BTC-USDT', durationMs: 60_000 });
    sim.tick(3);
    expect(sim.seqId('BTC-USDT')).toBe(seqId);
    expect(sim.seqId('ETH-USDT')).not.toBe(seqId);
  });

  it('garbage: frames naming no instrument', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrl);
    sim.inject({ kind: 'garbage', count: 2 });
    expect(await client.frameCount(2)).toEqual(['not json', '{"foo":1}']);
  });

  it('random faults: a seeded schedule injects one every everyTicks rounds and tells the listeners', async () => {
    const sim = await start({ randomFaults: { everyTicks: 5, seed: 3, kinds: ['drop', 'corrupt'] } });
    const told: string[] = [];
    sim.onFault((f) => told.push(f.kind));
    sim.tick(20);
    expect(told).toHaveLength(4);
    expect(sim.stats().faultsInjected).toEqual(
      Object.fromEntries([...new Set(told)].map((k) => [k, told.filter((t) => t === k).length])),
    );
  });
});

describe('OkxSim instruments REST', () => {
  it('lists the instruments of one type, live, with their tick and lot', async () => {
    const sim = await start({
      instruments: [{ instId: 'BTC-USDT' }, { instId: 'BTC-USDT-SWAP' }],
      listedInstruments: ['ETH-USDT'],
    });
    const spot = (await (await fetch(`${sim.restUrl}/api/v5/public/instruments?instType=SPOT`)).json()) as {
      code: string;
      data: Record<string, string>[];
    };
    expect(spot.code).toBe('0');
    expect(spot.data.map((d) => d.instId)).toEqual(['BTC-USDT', 'ETH-USDT']);
    expect(spot.data[0]).toMatchObject({ instType: 'SPOT', state: 'live', tickSz: '0.1', lotSz: '0.00000001', baseCcy: 'BTC', quoteCcy: 'USDT' });
    const swap = (await (await fetch(`${sim.restUrl}/api/v5/public/instruments?instType=SWAP`)).json()) as { data: Record<string, string>[] };
    expect(swap.data).toEqual([expect.objectContaining({ instId: 'BTC-USDT-SWAP', ctVal: '0.01', settleCcy: 'USDT', state: 'live' })]);
    const missing = await fetch(`${sim.restUrl}/api/v5/public/instruments`);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { code: string }).code).toBe('50014');
  });

  it('lists the underlyings of a derivative type, as OKX wraps them; OPTION has none here', async () => {
    const sim = await start({ instruments: [{ instId: 'BTC-USDT' }, { instId: 'BTC-USDT-SWAP' }] });
    const get = async (query: string) => (await fetch(`${sim.restUrl}/api/v5/public/underlying${query}`)).json();
    expect(await get('?instType=SWAP')).toEqual({ code: '0', msg: '', data: [['BTC-USDT']] });
    expect(await get('?instType=OPTION')).toEqual({ code: '0', msg: '', data: [[]] });
    expect(((await get('?instType=SPOT')) as { code: string }).code).toBe('51000');
  });

  it('prints swap sizes in contracts (lot 0.01) and prices at the tick', async () => {
    const sim = await start({ instruments: [{ instId: 'BTC-USDT-SWAP' }] });
    const { bids, asks } = sim.book('BTC-USDT-SWAP', 50);
    for (const [price, size] of [...bids, ...asks]) {
      expect(price).toMatch(/^\d+(\.\d)?$/);
      expect(size).toMatch(/^\d+(\.\d{1,2})?$/);
    }
  });
});
