import { describe, expect, it } from '@jest/globals';
import type { RecordingClient } from '../market/recording-client.test-support.js';
import { repeatUntil, useVenueHarness } from '../market/venue-harness.test-support.js';
import { KrakenReplica, v1BookFrames, v2BookMessages } from './kraken-replica.test-support.js';
import { KrakenSim, type KrakenSimOptions } from './kraken-sim.js';

const harness = useVenueHarness();

async function start(options: KrakenSimOptions = {}): Promise<KrakenSim> {
  return harness.track(await KrakenSim.start({ autoTick: false, ...options }));
}

const v1Subscribe = (pair: string, depth = 1000, event = 'subscribe') => ({ event, pair: [pair], subscription: { name: 'book', depth } });
const v2Subscribe = (symbol: string, depth = 1000, method = 'subscribe', reqId = 7) => ({ method, params: { channel: 'book', symbol: [symbol], depth }, req_id: reqId });

const parsed = (client: RecordingClient) => client.frames.flatMap((f) => {
  try {
    return [JSON.parse(f) as Record<string, unknown>];
  } catch {
    return [];
  }
});

let pings = 0;

/** Pings and waits for the pong: the server answers in order, so every frame sent before it has arrived. */
async function barrier(client: RecordingClient, version: 'v1' | 'v2'): Promise<void> {
  const id = ++pings;
  client.send(version === 'v1' ? { event: 'ping', reqid: id } : { method: 'ping', req_id: id });
  await client.until(() => parsed(client).some((m) => (m.event === 'pong' && m.reqid === id) || (m.method === 'pong' && m.req_id === id)));
}

/** Opens a v1 client subscribed to a pair; resolves once its snapshot arrived. */
async function v1Client(sim: KrakenSim, pair = 'XBT/USD', depth = 1000): Promise<RecordingClient> {
  const client = await harness.connect(sim.wsUrlV1);
  client.send(v1Subscribe(pair, depth));
  await client.until(() => v1BookFrames(client.frames).length >= 1);
  return client;
}

/** Opens a v2 client subscribed to a symbol; resolves once its snapshot arrived. */
async function v2Client(sim: KrakenSim, symbol = 'BTC/USD', depth = 1000): Promise<RecordingClient> {
  const client = await harness.connect(sim.wsUrlV2);
  client.send(v2Subscribe(symbol, depth));
  await client.until(() => v2BookMessages(client.frames).length >= 1);
  return client;
}

describe('KrakenSim WebSocket v1', () => {
  it('greets with systemStatus, acknowledges a book subscription and sends a snapshot of the subscribed depth', async () => {
    const sim = await start();
    const client = await v1Client(sim);
    const [status, ack] = parsed(client);
    expect(status).toMatchObject({ event: 'systemStatus', status: 'online', connectionID: Number(sim.connectionIds()[0]) });
    expect(ack).toEqual({
      channelID: expect.any(Number),
      channelName: 'book-1000',
      event: 'subscriptionStatus',
      pair: 'XBT/USD',
      status: 'subscribed',
      subscription: { depth: 1000, name: 'book' },
    });
    const [snapshot] = v1BookFrames(client.frames);
    expect(snapshot![0]).toBe(ack!.channelID);
    expect(snapshot!.slice(-2)).toEqual(['book-1000', 'XBT/USD']);
    const replica = new KrakenReplica(1000, 1, 8);
    replica.applyV1(snapshot!);
    expect(replica.sorted()).toEqual(sim.book('BTC/USD'));
    expect(replica.asks.size).toBe(1000);
    expect(replica.checksum()).toBe(sim.checksum('BTC/USD'));
    // v1 writes every price and volume at the pair's precision.
    expect(sim.book('XBT/USD', 3).asks.every(([p, q]) => /^\d+\.\d$/.test(p) && /^\d+\.\d{8}$/.test(q))).toBe(true);
  });

  it.each([10, 1000])('sends updates whose checksum matches a book trimmed to depth %i, republishing levels that re-enter', async (depth) => {
    const sim = await start();
    const client = await v1Client(sim, 'XBT/USD', depth);
    sim.tick(150);
    await barrier(client, 'v1');
    const replica = new KrakenReplica(depth, 1, 8);
    let updates = 0;
    for (const frame of v1BookFrames(client.frames)) {
      const checksum = replica.applyV1(frame);
      if (checksum === undefined) continue;
      updates += 1;
      expect(String(replica.checksum())).toBe(checksum);
    }
    expect(updates).toBeGreaterThan(20);
    expect(replica.sorted()).toEqual(sim.book('BTC/USD', depth));
    if (depth === 10) expect(client.frames.some((f) => f.includes(',"r"]'))).toBe(true);
  });

  it('answers ping with pong and its reqid, and sends heartbeats while otherwise quiet', async () => {
    const sim = await start({ heartbeatIntervalMs: 30 });
    const client = await v1Client(sim);
    client.send({ event: 'ping', reqid: 42 });
    await client.until(() => client.frames.includes('{"event":"pong","reqid":42}'));
    await client.until(() => client.frames.includes('{"event":"heartbeat"}'));
  });

  it('refuses a second subscribe with "Already subscribed" and an unknown pair with "Currency pair not supported"', async () => {
    const sim = await start();
    const client = await v1Client(sim);
    client.send(v1Subscribe('XBT/USD'));
    client.send(v1Subscribe('FOO/BAR'));
    await client.until(() => parsed(client).filter((m) => m.status === 'error').length === 2);
    const errors = parsed(client).filter((m) => m.status === 'error');
    expect(errors).toEqual([
      expect.objectContaining({ event: 'subscriptionStatus', pair: 'XBT/USD', errorMessage: 'Already subscribed' }),
      expect.objectContaining({ event: 'subscriptionStatus', pair: 'FOO/BAR', errorMessage: 'Currency pair not supported' }),
    ]);
  });

  it('stops updates on unsubscribe and sends a fresh snapshot on the next subscribe', async () => {
    const sim = await start();
    const client = await v1Client(sim);
    client.send(v1Subscribe('XBT/USD', 1000, 'unsubscribe'));
    await client.until(() => parsed(client).some((m) => m.status === 'unsubscribed'));
    sim.tick(5);
    client.send(v1Subscribe('XBT/USD'));
    await client.until(() => v1BookFrames(client.frames).length === 2);
    const [first, second] = v1BookFrames(client.frames);
    expect(Object.keys(first![1] as object)).toEqual(['as', 'bs']);
    expect(Object.keys(second![1] as object)).toEqual(['as', 'bs']);
    const replica = new KrakenReplica(1000, 1, 8);
    replica.applyV1(second!);
    expect(replica.sorted()).toEqual(sim.book('BTC/USD'));
  });
});

/** True once a v1 client's replica caught up with the true book (all sent frames arrived). */
function settled(client: RecordingClient, depth: number, sim: KrakenSim): boolean {
  const replica = new KrakenReplica(depth, 1, 8);
  for (const frame of v1BookFrames(client.frames)) replica.applyV1(frame);
  return JSON.stringify(replica.sorted()) === JSON.stringify(sim.book('BTC/USD', depth));
}

/** True once a v2 client's replica caught up with the true book. */
function settledV2(client: RecordingClient, depth: number, sim: KrakenSim, symbol = 'BTC/USD'): boolean {
  const listing = sim.listing(symbol)!;
  const replica = new KrakenReplica(depth, listing.pairDecimals, listing.lotDecimals);
  for (const message of v2BookMessages(client.frames)) replica.applyV2(message);
  return JSON.stringify(replica.sorted()) === JSON.stringify(sim.book(symbol, depth));
}

describe('KrakenSim WebSocket v2', () => {
  it('greets with status, answers the subscribe method, and sends a snapshot with its checksum', async () => {
    const sim = await start();
    const client = await v2Client(sim);
    const [status, answer] = parsed(client);
    expect(status).toMatchObject({ channel: 'status', type: 'update', data: [expect.objectContaining({ connection_id: Number(sim.connectionIds()[0]) })] });
    expect(answer).toMatchObject({ method: 'subscribe', success: true, req_id: 7, result: { channel: 'book', symbol: 'BTC/USD', depth: 1000 } });
    const [snapshot] = v2BookMessages(client.frames);
    const replica = new KrakenReplica(1000, 1, 8);
    expect(replica.applyV2(snapshot!)).toBe(replica.checksum());
    expect(replica.sorted()).toEqual(sim.book('BTC/USD'));
  });

  it.each([10, 1000])('sends updates as exact JSON numbers whose checksum matches a book trimmed to depth %i', async (depth) => {
    const sim = await start({ pairs: [{ symbol: 'BTC/USD' }, { symbol: 'DOGE/USD' }] });
    const client = await v2Client(sim, 'DOGE/USD', depth);
    sim.tick(150);
    await barrier(client, 'v2');
    const replica = new KrakenReplica(depth, 7, 8);
    const messages = v2BookMessages(client.frames);
    for (const message of messages) expect(replica.applyV2(message)).toBe(replica.checksum());
    expect(messages.length).toBeGreaterThan(20);
    expect(replica.sorted()).toEqual(sim.book('DOGE/USD', depth));
    // Numbers as Kraken writes them: no exponent, no trailing zeros, not quoted.
    const numbers = client.frames.join('').match(/"(price|qty)":[^,}]+/g) ?? [];
    expect(numbers.length).toBeGreaterThan(0);
    for (const n of numbers) expect(n).toMatch(/^"(price|qty)":(0|[1-9]\d*)(\.\d*[1-9])?$/);
  });

  it('answers ping with pong and its req_id, and sends heartbeats', async () => {
    const sim = await start({ heartbeatIntervalMs: 30 });
    const client = await v2Client(sim);
    client.send({ method: 'ping', req_id: 9 });
    await client.until(() => parsed(client).some((m) => m.method === 'pong' && m.req_id === 9));
    await client.until(() => client.frames.includes('{"channel":"heartbeat"}'));
  });

  it('refuses "Already subscribed" and "Currency pair not supported", and resubscribes after an unsubscribe', async () => {
    const sim = await start();
    const client = await v2Client(sim);
    client.send(v2Subscribe('BTC/USD'));
    client.send(v2Subscribe('XBT/USDX'));
    await client.until(() => parsed(client).filter((m) => m.success === false).length === 2);
    expect(parsed(client).filter((m) => m.success === false)).toEqual([
      expect.objectContaining({ method: 'subscribe', error: 'Already subscribed', symbol: 'BTC/USD' }),
      expect.objectContaining({ method: 'subscribe', error: 'Currency pair not supported', symbol: 'XBT/USDX' }),
    ]);
    client.send(v2Subscribe('BTC/USD', 1000, 'unsubscribe'));
    await client.until(() => parsed(client).some((m) => m.method === 'unsubscribe' && m.success === true));
    sim.tick(3);
    client.send(v2Subscribe('BTC/USD'));
    await client.until(() => v2BookMessages(client.frames).length === 2);
    expect(v2BookMessages(client.frames).map((m) => m.type)).toEqual(['snapshot', 'snapshot']);
  });

  it('serves v1 and v2 clients of one pair from the same true book', async () => {
    const sim = await start();
    const one = await v1Client(sim);
    const two = await v2Client(sim);
    sim.tick(30);
    await barrier(one, 'v1');
    await barrier(two, 'v2');
    expect(settled(one, 1000, sim)).toBe(true);
    expect(settledV2(two, 1000, sim)).toBe(true);
  });
});

describe('KrakenSim faults', () => {
  it('drop: a lost update shows only as a checksum mismatch on the next one', async () => {
    const sim = await start();
    const client = await v2Client(sim, 'BTC/USD', 10);
    sim.inject({ kind: 'drop', symbol: 'BTC/USD' });
    sim.tick(3);
    await client.until(() => v2BookMessages(client.frames).length >= 3);
    const replica = new KrakenReplica(10, 1, 8);
    const [snapshot, next] = v2BookMessages(client.frames);
    replica.applyV2(snapshot!);
    expect(replica.applyV2(next!)).not.toBe(replica.checksum());
  });

  it('drop scoped to a connection (v1 symbol spelling): the other connection gets everything', async () => {
    const sim = await start();
    const a = await v1Client(sim);
    const b = await v1Client(sim);
    sim.inject({ kind: 'drop', symbol: 'XBT/USD', connection: sim.connectionIds()[0], count: 100 });
    sim.tick(5);
    await barrier(b, 'v1');
    await barrier(a, 'v1');
    expect(settled(b, 1000, sim)).toBe(true);
    expect(v1BookFrames(a.frames)).toHaveLength(1);
  });

  it('corrupt: ids do not exist, so the wrong volume is seen by the checksum alone', async () => {
    const sim = await start();
    const client = await v1Client(sim, 'XBT/USD', 1000);
    sim.inject({ kind: 'corrupt' });
    sim.tick(1);
    await client.until(() => v1BookFrames(client.frames).length >= 2);
    const replica = new KrakenReplica(1000, 1, 8);
    const [snapshot, update] = v1BookFrames(client.frames);
    replica.applyV1(snapshot!);
    const checksum = replica.applyV1(update!);
    expect(checksum).toBe(String(sim.checksum('BTC/USD')));
    expect(String(replica.checksum())).not.toBe(checksum);
  });

  it('malformed: the next update is cut short', async () => {
    const sim = await start();
    const client = await v1Client(sim);
    sim.inject({ kind: 'malformed', symbol: 'BTC/USD' });
    sim.tick(1);
    await client.frameCount(4);
    expect(() => JSON.parse(client.frames[3] as string)).toThrow();
  });

  it('duplicate-subscribe: two acknowledgements and two identical snapshots', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrlV2);
    sim.inject({ kind: 'duplicate-subscribe' });
    client.send(v2Subscribe('BTC/USD'));
    const frames = await client.frameCount(5);
    expect(frames[1]).toContain('"method":"subscribe"');
    expect(frames[2]).toContain('"method":"subscribe"');
    expect(frames[3]).toContain('"type":"snapshot"');
    expect(frames[3]).toBe(frames[4]);
  });

  it('subscription-error: the next subscribe is refused with EService:Unavailable, in both protocols', async () => {
    const sim = await start();
    const one = await harness.connect(sim.wsUrlV1);
    const two = await harness.connect(sim.wsUrlV2);
    sim.inject({ kind: 'subscription-error', count: 2 });
    one.send(v1Subscribe('XBT/USD'));
    two.send(v2Subscribe('BTC/USD'));
    await one.until(() => parsed(one).some((m) => m.errorMessage === 'EService:Unavailable'));
    await two.until(() => parsed(two).some((m) => m.error === 'EService:Unavailable'));
  });

  it('disconnect: sockets are destroyed without a close frame', async () => {
    const sim = await start();
    const client = await v1Client(sim);
    sim.inject({ kind: 'disconnect' });
    expect((await client.waitClosed()).code).toBe(1006);
  });

  it('stall: heartbeats and pongs go on while book updates are withheld', async () => {
    const sim = await start({ heartbeatIntervalMs: 30 });
    const client = await v1Client(sim);
    sim.inject({ kind: 'stall', symbol: 'XBT/USD', durationMs: 60_000 });
    sim.tick(3);
    const before = client.frames.length;
    await client.until(() => client.frames.slice(before).includes('{"event":"heartbeat"}'));
    client.send({ event: 'ping' });
    await client.until(() => client.frames.includes('{"event":"pong"}'));
    expect(v1BookFrames(client.frames)).toHaveLength(1);
  });

  it('silence: nothing at all goes out, then the stream resumes past what was missed', async () => {
    const sim = await start();
    const client = await v2Client(sim, 'BTC/USD', 10);
    sim.inject({ kind: 'silence', durationMs: 300 });
    client.send({ method: 'ping' });
    sim.tick(3);
    await repeatUntil(() => client.send({ method: 'ping' }), () => parsed(client).some((m) => m.method === 'pong'));
    sim.tick(1);
    await client.until(() => v2BookMessages(client.frames).length >= 2);
    const replica = new KrakenReplica(10, 1, 8);
    const [snapshot, next] = v2BookMessages(client.frames);
    replica.applyV2(snapshot!);
    expect(replica.applyV2(next!)).not.toBe(replica.checksum());
  });

  it('garbage: frames naming no pair', async () => {
    const sim = await start();
    const client = await harness.connect(sim.wsUrlV1);
    await client.frameCount(1);
    sim.inject({ kind: 'garbage', count: 2 });
    expect((await client.frameCount(3)).slice(1)).toEqual(['not json', '{"foo":1}']);
  });
});

describe('KrakenSim AssetPairs REST', () => {
  it('lists every pair with wsname and precisions, a chosen few by altname, and refuses an unknown pair', async () => {
    const sim = await start({ listedPairs: ['SOL/USD'] });
    const all = (await (await fetch(`${sim.restUrl}/0/public/AssetPairs`)).json()) as { error: string[]; result: Record<string, Record<string, unknown>> };
    expect(all.error).toEqual([]);
    expect(Object.keys(all.result)).toEqual(['XXBTZUSD', 'XETHZUSD', 'SOLUSD']);
    expect(all.result.XXBTZUSD).toMatchObject({ altname: 'XBTUSD', wsname: 'XBT/USD', pair_decimals: 1, lot_decimals: 8, status: 'online' });
    const one = (await (await fetch(`${sim.restUrl}/0/public/AssetPairs?pair=ETHUSD`)).json()) as { result: Record<string, unknown> };
    expect(Object.keys(one.result)).toEqual(['XETHZUSD']);
    const unknown = (await (await fetch(`${sim.restUrl}/0/public/AssetPairs?pair=FOOBAR`)).json()) as { error: string[] };
    expect(unknown.error).toEqual(['EQuery:Unknown asset pair']);
  });
});
