import { describe, expect, it } from '@jest/globals';
import WebSocket from 'ws';
import { eventOf, sleep, useSims } from './sims.test-support.js';

const { start, connect } = useSims({ autoTick: false });

/** Status code of a refused upgrade. */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.on('open', () => {
      ws.close();
      reject(new Error('upgrade accepted'));
    });
    ws.on('error', () => undefined);
  });
}

describe('WebSocket streams', () => {
  it('wraps combined-stream frames as {"stream","data"} with the stream name as subscribed', async () => {
    const sim = await start();
    const client = await connect(`${sim.wsUrl}/stream?streams=btcusdt@depth@100ms/ethusdt@depth`);
    sim.tick(3);
    const frames = await client.frameCount(6);
    const parsed = frames.map((f) => JSON.parse(f) as { stream: string; data: { e: string; s: string } });
    expect(new Set(parsed.map((p) => p.stream))).toEqual(new Set(['btcusdt@depth@100ms', 'ethusdt@depth']));
    for (const p of parsed) {
      expect(p.data.e).toBe('depthUpdate');
      expect(p.data.s).toBe(p.stream.startsWith('btc') ? 'BTCUSDT' : 'ETHUSDT');
    }
    expect(frames[0]).toMatch(/^\{"stream":"[a-z@0-9]+","data":\{"e":"depthUpdate","E":\d+,"s":"[A-Z]+","U":\d+,"u":\d+,"b":\[/);
  });

  it('sends bare events on /ws/<stream> with spot fields only', async () => {
    const sim = await start();
    const client = await connect(`${sim.wsUrl}/ws/btcusdt@depth@100ms`);
    sim.tick(2);
    const frames = await client.frameCount(2);
    const event = JSON.parse(frames[0] as string) as Record<string, unknown>;
    expect(Object.keys(event)).toEqual(['e', 'E', 's', 'U', 'u', 'b', 'a']);
    expect(event['s']).toBe('BTCUSDT');
  });

  it('serves USD-M under /public and without it, with T and pu; COIN-M adds ps', async () => {
    const usdm = await start({ market: 'usdm' });
    const a = await connect(`${usdm.wsUrl}/public/ws/btcusdt@depth@0ms`);
    const b = await connect(`${usdm.wsUrl}/stream?streams=btcusdt@depth@500ms`);
    const c = await connect(`${usdm.wsUrl}/public/stream?streams=btcusdt@depth`);
    usdm.tick(1);
    for (const client of [a, b, c]) await client.frameCount(1);
    expect(Object.keys(JSON.parse(a.frames[0] as string) as object)).toEqual(['e', 'E', 'T', 's', 'U', 'u', 'pu', 'b', 'a']);
    expect(eventOf(b.frames[0] as string)).toEqual(eventOf(c.frames[0] as string));

    const coinm = await start({ market: 'coinm' });
    const d = await connect(`${coinm.wsUrl}/ws/btcusd_perp@depth@100ms`);
    coinm.tick(1);
    await d.frameCount(1);
    const event = eventOf(d.frames[0] as string);
    expect(event.ps).toBe('BTCUSD');
    expect(Object.keys(event)).toEqual(['e', 'E', 'T', 's', 'ps', 'U', 'u', 'pu', 'b', 'a']);
  });

  it('answers SUBSCRIBE with {"result":null,"id"} and streams from then on; lists and unsubscribes', async () => {
    const sim = await start();
    const client = await connect(`${sim.wsUrl}/ws`);
    sim.tick(2); // nothing subscribed yet: nothing received
    client.send({ method: 'SUBSCRIBE', params: ['btcusdt@depth@100ms'], id: 1 });
    await client.frameCount(1);
    expect(client.frames[0]).toBe('{"result":null,"id":1}');
    sim.tick(2);
    await client.frameCount(3);
    expect(eventOf(client.frames[1] as string).s).toBe('BTCUSDT');
    client.send({ method: 'LIST_SUBSCRIPTIONS', id: 'x' });
    await client.frameCount(4);
    expect(client.frames[3]).toBe('{"result":["btcusdt@depth@100ms"],"id":"x"}');
    client.send({ method: 'UNSUBSCRIBE', params: ['btcusdt@depth@100ms'], id: 2 });
    await client.frameCount(5);
    expect(client.frames[4]).toBe('{"result":null,"id":2}');
    sim.tick(3);
    await sleep(50);
    expect(client.frames).toHaveLength(5);
  });

  it('replies with an error to unknown streams, unknown methods and invalid JSON', async () => {
    const sim = await start();
    const client = await connect(`${sim.wsUrl}/ws`);
    client.send({ method: 'SUBSCRIBE', params: ['dogeusdt@depth'], id: 7 });
    client.send({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 8 });
    client.send({ method: 'FLY', id: 9 });
    client.socket.send('not json');
    await client.frameCount(4);
    const replies = client.json() as { error: { code: number; msg: string }; id: unknown }[];
    expect(replies.map((r) => r.id)).toEqual([7, 8, 9, null]);
    expect(replies.map((r) => r.error.code)).toEqual([2, 2, 2, 3]);
    expect(replies[0]?.error.msg).toContain('dogeusdt@depth');
    sim.tick(1);
    await sleep(30);
    expect(client.frames).toHaveLength(4); // nothing was subscribed
  });

  it('refuses unknown paths with 404 and unknown streams in the URL with 400', async () => {
    const sim = await start();
    expect(await upgradeStatus(`${sim.wsUrl}/nope`)).toBe(404);
    expect(await upgradeStatus(`${sim.wsUrl}/ws/dogeusdt@depth`)).toBe(400);
    expect(await upgradeStatus(`${sim.wsUrl}/ws/BTCUSDT@depth`)).toBe(400); // stream names are lowercase
    expect(await upgradeStatus(`${sim.wsUrl}/ws/btcusdt@depth@250ms`)).toBe(400); // a futures speed
    expect(await upgradeStatus(`${sim.wsUrl}/public/ws/btcusdt@depth`)).toBe(404); // /public is USD-M only
  });

  it('gives each connection the events from the moment it subscribed', async () => {
    const sim = await start();
    const early = await connect(`${sim.wsUrl}/ws/btcusdt@depth`);
    sim.tick(3);
    await early.frameCount(3);
    const late = await connect(`${sim.wsUrl}/ws/btcusdt@depth`);
    sim.tick(2);
    await early.frameCount(5);
    await late.frameCount(2);
    expect(late.frames).toEqual(early.frames.slice(3));
  });

  it('pings clients (the ws client pongs by itself) and counts connections and frames', async () => {
    const sim = await start({ pingIntervalMs: 80 });
    const client = await connect(`${sim.wsUrl}/ws/btcusdt@depth`);
    await client.until(() => client.pings >= 2);
    sim.tick(4);
    await client.frameCount(4);
    await sleep(300);
    expect(client.closed).toBeUndefined(); // pongs keep it alive
    expect(sim.stats().connections).toBe(1);
    expect(sim.stats().framesSent).toBe(4);
  });

  it('drops a client that does not answer pings', async () => {
    const sim = await start({ pingIntervalMs: 30 });
    const ws = new WebSocket(`${sim.wsUrl}/ws/btcusdt@depth`, { autoPong: false });
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    expect(code).toBe(1006);
    expect(sim.stats().connections).toBe(1);
  });

  it('drops a connection that sends more messages per second than Binance allows', async () => {
    const sim = await start();
    const client = await connect(`${sim.wsUrl}/ws`);
    for (let i = 0; i < 8; i++) client.send({ method: 'LIST_SUBSCRIPTIONS', id: i });
    const closed = await client.waitClosed();
    expect(closed.code).toBe(1008);
  });
});
