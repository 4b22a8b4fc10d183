import { describe, expect, it } from '@jest/globals';
import { BinanceSimError } from '../market/errors.js';
import type { BinanceSim } from './binance-sim.js';
import { eventOf, get, sleep, useSims, type WireSnapshot } from './sims.test-support.js';
import type { Fault } from './types.js';

const { start, connect } = useSims({ autoTick: false });

const depthUrl = (sim: BinanceSim, symbol = 'BTCUSDT') => `${sim.restUrl}/api/v3/depth?symbol=${symbol}&limit=5`;

describe('faults', () => {
  it('gap: the next event is applied to the true book but not sent, so the next U skips ids', async () => {
    const sim = await start();
    const client = await connect(`${sim.wsUrl}/ws/btcusdt@depth`);
    sim.tick(2);
    await client.frameCount(2);
    const beforeGap = sim.lastUpdateId('BTCUSDT');
    sim.inject({ kind: 'gap', symbol: 'BTCUSDT' });
    sim.tick(1);
    const missedU = sim.lastUpdateId('BTCUSDT');
    sim.tick(1);
    await client.frameCount(3);
    const [, second, third] = client.frames.map(eventOf);
    expect(second?.u).toBe(beforeGap);
    expect(third?.U).toBe(missedU + 1);
    expect(third?.U).toBeGreaterThan((second?.u as number) + 1);
    expect(sim.stats().faultsInjected).toEqual({ gap: 1 });
  });

  it('gap on futures: the next sent event has a pu that does not match the previous u; count drops several', async () => {
    const sim = await start({ market: 'usdm' });
    const client = await connect(`${sim.wsUrl}/public/ws/ethusdt@depth@100ms`);
    sim.tick(1);
    sim.inject({ kind: 'gap', count: 3 }); // no symbol: every symbol
    sim.tick(4);
    await client.frameCount(2);
    await sleep(30);
    expect(client.frames).toHaveLength(2);
    const [a, b] = client.frames.map(eventOf);
    expect(b?.pu).not.toBe(a?.u);
    expect(b?.pu).toBeGreaterThan(a?.u as number);
  });

  it('malformed: sends a frame that is not JSON, then one with a broken field, then valid events again', async () => {
    const sim = await start();
    const client = await connect(`${sim.wsUrl}/stream?streams=btcusdt@depth`);
    sim.inject({ kind: 'malformed', symbol: 'BTCUSDT', count: 2 });
    sim.tick(3);
    await client.frameCount(3);
    const [truncated, brokenField, fine] = client.frames;
    expect(() => JSON.parse(truncated as string)).toThrow();
    const parsed = JSON.parse(brokenField as string) as { data: { b: unknown; U: number } };
    expect(parsed.data.b).toBe('oops');
    expect(typeof parsed.data.U).toBe('number');
    expect(eventOf(fine as string).b).toBeInstanceOf(Array);
  });

  it('stale-snapshot: the next snapshot is older than the first event the client saw; the one after is fresh', async () => {
    const sim = await start();
    sim.tick(10);
    const client = await connect(`${sim.wsUrl}/ws/btcusdt@depth@100ms`);
    sim.tick(3);
    await client.frameCount(3);
    const firstU = eventOf(client.frames[0] as string).U;
    sim.inject({ kind: 'stale-snapshot', symbol: 'BTCUSDT' });
    // another symbol's request does not consume it
    const other = JSON.parse((await get(depthUrl(sim, 'ETHUSDT'))).text) as WireSnapshot;
    expect(other.lastUpdateId).toBe(sim.lastUpdateId('ETHUSDT'));
    const stale = JSON.parse((await get(depthUrl(sim))).text) as WireSnapshot;
    expect(stale.lastUpdateId).toBeLessThan(firstU - 1);
    const fresh = JSON.parse((await get(depthUrl(sim))).text) as WireSnapshot;
    expect(fresh.lastUpdateId).toBe(sim.lastUpdateId('BTCUSDT'));
  });

  it('slow-snapshot: delays the next response by durationMs', async () => {
    const sim = await start();
    sim.inject({ kind: 'slow-snapshot', durationMs: 400 });
    const t0 = Date.now();
    expect((await get(depthUrl(sim))).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
    const t1 = Date.now();
    await get(depthUrl(sim));
    expect(Date.now() - t1).toBeLessThan(350);
  });

  it('ban: answers 418 with Retry-After, and 418 to every request inside the window', async () => {
    const sim = await start();
    sim.inject({ kind: 'ban', durationMs: 1500 });
    const banned = await get(depthUrl(sim));
    expect(banned.status).toBe(418);
    expect(banned.headers.get('retry-after')).toBe('2');
    expect((JSON.parse(banned.text) as { code: number }).code).toBe(-1003);
    expect((await get(depthUrl(sim))).status).toBe(418);
    expect(sim.stats()).toMatchObject({ banned418: 2, requestsInRetryAfterWindow: 1, rateLimited429: 0 });
  });

  it('server-error: answers 503 with a JSON body once, then serves again', async () => {
    const sim = await start();
    sim.inject({ kind: 'server-error' });
    const failed = await get(depthUrl(sim));
    expect(failed.status).toBe(503);
    expect(typeof (JSON.parse(failed.text) as { code: number }).code).toBe('number');
    expect((await get(depthUrl(sim))).status).toBe(200);
  });

  it('silence: sends no frame at all (nor a pong) for durationMs, keeps the socket open, then resumes (with a jump)', async () => {
    const sim = await start({ pingIntervalMs: 30 });
    const client = await connect(`${sim.wsUrl}/ws/btcusdt@depth`);
    let pongs = 0;
    client.socket.on('pong', () => pongs++);
    sim.tick(1);
    await client.frameCount(1);
    sim.inject({ kind: 'silence', durationMs: 250 });
    const pingsBefore = client.pings;
    client.socket.ping();
    sim.tick(3);
    await sleep(150);
    expect(client.frames).toHaveLength(1);
    expect(client.pings).toBe(pingsBefore);
    expect(pongs).toBe(0);
    expect(sim.stats().pingsReceived).toBe(1);
    expect(client.closed).toBeUndefined();
    await sleep(150);
    sim.tick(1);
    await client.frameCount(2);
    const [before, after] = client.frames.map(eventOf);
    expect(after?.U).toBeGreaterThan((before?.u as number) + 1);
    const answered = new Promise((resolve) => client.socket.once('pong', resolve));
    client.socket.ping(); // answered again
    await answered;
  });

  it('server-shutdown: sends serverShutdown (combined: stream !serverShutdown), then closes the socket', async () => {
    const sim = await start();
    const combined = await connect(`${sim.wsUrl}/stream?streams=btcusdt@depth`);
    const bare = await connect(`${sim.wsUrl}/ws/btcusdt@depth`);
    sim.inject({ kind: 'server-shutdown', durationMs: 400 });
    await combined.frameCount(1);
    await bare.frameCount(1);
    expect(combined.closed).toBeUndefined(); // the close comes "a little later"
    const notice = JSON.parse(combined.frames[0] as string) as { stream: string; data: { e: string; E: number } };
    expect(notice.stream).toBe('!serverShutdown');
    expect(notice.data.e).toBe('serverShutdown');
    expect(Object.keys(notice.data)).toEqual(['e', 'E']);
    expect(JSON.parse(bare.frames[0] as string)).toEqual(notice.data);
    expect((await combined.waitClosed()).code).toBe(1001);
    await bare.waitClosed();
  });

  it('resend-old: sends again, byte for byte, an event the connection already received', async () => {
    const sim = await start();
    const client = await connect(`${sim.wsUrl}/stream?streams=btcusdt@depth@100ms`);
    sim.tick(4);
    await client.frameCount(4);
    sim.inject({ kind: 'resend-old', symbol: 'BTCUSDT' });
    sim.tick(1);
    await client.frameCount(6);
    const frames = client.frames;
    expect(frames.slice(0, 4)).toContain(frames[4]);
    expect(eventOf(frames[4] as string).u).toBeLessThan(eventOf(frames[3] as string).u);
    expect(eventOf(frames[5] as string).U).toBe(eventOf(frames[3] as string).u + 1);
  });

  it('resend-old never sends a connection an event from before it subscribed', async () => {
    const sim = await start();
    sim.tick(5);
    const client = await connect(`${sim.wsUrl}/ws/btcusdt@depth`);
    sim.inject({ kind: 'resend-old', symbol: 'BTCUSDT' });
    sim.tick(1);
    await client.frameCount(1);
    await sleep(30);
    expect(client.frames).toHaveLength(1);
  });

  it('disconnect: cuts every client socket without a close frame', async () => {
    const sim = await start();
    const a = await connect(`${sim.wsUrl}/ws/btcusdt@depth`);
    const b = await connect(`${sim.wsUrl}/stream?streams=ethusdt@depth`);
    sim.inject({ kind: 'disconnect' });
    expect((await a.waitClosed()).code).toBe(1006);
    expect((await b.waitClosed()).code).toBe(1006);
    // the server still accepts reconnections
    const again = await connect(`${sim.wsUrl}/ws/btcusdt@depth`);
    sim.tick(1);
    await again.frameCount(1);
    expect(sim.stats().connections).toBe(3);
  });

  it('quiet: the symbol generates no event for durationMs while pings and other symbols go on, then resumes with no jump', async () => {
    const sim = await start({ pingIntervalMs: 20 });
    const client = await connect(`${sim.wsUrl}/stream?streams=btcusdt@depth/ethusdt@depth`);
    sim.tick(1);
    await client.frameCount(2);
    const before = sim.lastUpdateId('BTCUSDT');
    sim.inject({ kind: 'quiet', symbol: 'BTCUSDT', durationMs: 300 });
    const pingsAtStart = client.pings;
    sim.tick(3);
    await client.until(() => client.frames.length >= 5 && client.pings >= pingsAtStart + 3);
    expect(sim.lastUpdateId('BTCUSDT')).toBe(before); // the market stood still: nothing to miss
    expect(client.frames.slice(2).map((f) => eventOf(f).s)).toEqual(['ETHUSDT', 'ETHUSDT', 'ETHUSDT']);
    // Tick until the quiet time is over and BTCUSDT moves again.
    const btcAfterQuiet = () => client.frames.slice(5).map(eventOf).find((e) => e.s === 'BTCUSDT');
    for (let i = 0; i < 200 && btcAfterQuiet() === undefined; i++) {
      sim.tick(1);
      await sleep(10);
    }
    const resumed = btcAfterQuiet();
    expect(resumed?.U).toBe(before + 1);
    expect(sim.stats().pingsSent).toBeGreaterThanOrEqual(client.pings);
  });

  it('zombie: the open connections get nothing at all and their pings no pong; new connections are served', async () => {
    const sim = await start({ pingIntervalMs: 20 });
    const zombie = await connect(`${sim.wsUrl}/ws/btcusdt@depth`);
    sim.tick(1);
    await zombie.frameCount(1);
    sim.inject({ kind: 'zombie' });
    let pongs = 0;
    zombie.socket.on('pong', () => pongs++);
    zombie.socket.ping();
    const pingsBefore = zombie.pings;
    const healthy = await connect(`${sim.wsUrl}/ws/btcusdt@depth`);
    sim.tick(2);
    await healthy.until(() => healthy.frames.length >= 2 && healthy.pings >= 3);
    expect(zombie.frames).toHaveLength(1);
    expect(zombie.pings).toBe(pingsBefore);
    expect(pongs).toBe(0);
    expect(sim.stats().pingsReceived).toBe(0); // never read
    expect(zombie.closed).toBeUndefined();
    // Its close frame would never be read either: cut it, as a client that gave up on it does.
    zombie.socket.terminate();
    await zombie.waitClosed();
  });

  it('shutdown-loop: greets every connection (open or new) with serverShutdown and closes it, for durationMs; counts connections', async () => {
    const sim = await start();
    const open = await connect(`${sim.wsUrl}/stream?streams=btcusdt@depth`);
    sim.inject({ kind: 'shutdown-loop', durationMs: 400 });
    const loopEnds = Date.now() + 400;
    await open.frameCount(1);
    expect((JSON.parse(open.frames[0] as string) as { stream: string }).stream).toBe('!serverShutdown');
    const during = await connect(`${sim.wsUrl}/stream?streams=btcusdt@depth`);
    await during.frameCount(1);
    expect((JSON.parse(during.frames[0] as string) as { data: { e: string } }).data.e).toBe('serverShutdown');
    expect((await during.waitClosed()).code).toBe(1001);
    await sleep(Math.max(0, loopEnds - Date.now()) + 20);
    const after = await connect(`${sim.wsUrl}/stream?streams=btcusdt@depth`);
    sim.tick(1);
    await after.frameCount(1);
    expect(eventOf(after.frames[0] as string).e).toBe('depthUpdate');
    expect(sim.stats().connections).toBe(3);
  });

  it('garbage: sends count frames naming no symbol or stream on every connection, alternately not JSON and an unknown object', async () => {
    const sim = await start();
    const a = await connect(`${sim.wsUrl}/stream?streams=btcusdt@depth`);
    const b = await connect(`${sim.wsUrl}/ws/ethusdt@depth`);
    sim.inject({ kind: 'garbage', count: 2 });
    sim.tick(1);
    for (const client of [a, b]) {
      const [first, second, event] = await client.frameCount(3);
      expect(() => JSON.parse(first as string)).toThrow();
      expect(JSON.parse(second as string)).toEqual({ foo: 1 });
      expect(`${first}${second}`).not.toMatch(/usdt/i);
      expect(eventOf(event as string).e).toBe('depthUpdate');
    }
  });

  it('tells onFault listeners and counts every fault by kind', async () => {
    const sim = await start();
    const told: Fault[] = [];
    sim.onFault((f) => told.push(f));
    sim.inject({ kind: 'gap', symbol: 'ETHUSDT' });
    sim.inject({ kind: 'silence', durationMs: 10 });
    sim.inject({ kind: 'silence', durationMs: 10 });
    expect(told.map((f) => f.kind)).toEqual(['gap', 'silence', 'silence']);
    expect(told[0]).toMatchObject({ kind: 'gap', symbol: 'ETHUSDT', count: 1 });
    expect(sim.stats().faultsInjected).toEqual({ gap: 1, silence: 2 });
  });

  it('rejects unknown fault kinds and symbols with a typed error', async () => {
    const sim = await start();
    const attempt = (fault: Fault) => {
      try {
        sim.inject(fault);
      } catch (err) {
        return err;
      }
      return undefined;
    };
    const unknownSymbol = attempt({ kind: 'gap', symbol: 'NOPE' });
    expect(unknownSymbol).toBeInstanceOf(BinanceSimError);
    expect((unknownSymbol as BinanceSimError).reason).toBe('unknown-symbol');
    const unknownKind = attempt({ kind: 'meteor' as Fault['kind'] });
    expect((unknownKind as BinanceSimError).reason).toBe('invalid-fault');
    expect(sim.stats().faultsInjected).toEqual({});
  });

  it('fires random faults on a seeded schedule: same seed, same faults', async () => {
    const run = async (seed: number) => {
      const sim = await start({ randomFaults: { seed, everyTicks: 10 } });
      const told: Fault[] = [];
      sim.onFault((f) => told.push(f));
      sim.tick(200);
      const total = Object.values(sim.stats().faultsInjected).reduce((a, b) => a + b, 0);
      expect(total).toBe(20);
      return told;
    };
    const a = await run(3);
    const b = await run(3);
    const c = await run(4);
    expect(a).toHaveLength(20);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a.map((f) => f.kind)).size).toBeGreaterThan(4);
  });

  it('restricts random faults to the kinds asked for', async () => {
    const sim = await start({ randomFaults: { seed: 1, everyTicks: 1, kinds: ['gap', 'resend-old'] } });
    const told: Fault[] = [];
    sim.onFault((f) => told.push(f));
    sim.tick(30);
    expect(told).toHaveLength(30);
    expect(new Set(told.map((f) => f.kind))).toEqual(new Set(['gap', 'resend-old']));
  });
});
