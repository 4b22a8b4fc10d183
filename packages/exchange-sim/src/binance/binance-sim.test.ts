import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { BinanceSimError } from '../market/errors.js';
import { BinanceSim } from './binance-sim.js';
import { eventOf, get, RecordingClient, sleep, useSims } from './sims.test-support.js';
import type { BinanceSimOptions } from './types.js';

const execFileAsync = promisify(execFile);
const { start, connect: openClient } = useSims();

/** Frames without the wall-clock fields, which are the only thing a seed does not fix. */
function withoutTime(frames: string[]): string[] {
  return frames.map((f) => f.replace(/"E":\d+,/, '').replace(/"T":\d+,/, ''));
}

async function traffic(seed: number): Promise<string[]> {
  const sim = await start({ seed, autoTick: false });
  const client = await openClient(`${sim.wsUrl}/stream?streams=btcusdt@depth/ethusdt@depth`);
  sim.tick(100);
  return withoutTime(await client.frameCount(200));
}

function portIsClosed(url: string): Promise<boolean> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(true));
  });
}

describe('BinanceSim', () => {
  it('sends the same traffic for the same seed, and different traffic for another', async () => {
    const a = await traffic(42);
    const b = await traffic(42);
    const c = await traffic(43);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('generates events on its own timer, and stops while paused', async () => {
    const sim = await start({ tickIntervalMs: 10 });
    const client = await openClient(`${sim.wsUrl}/ws/btcusdt@depth@100ms`);
    await client.frameCount(5);
    sim.pause();
    await sleep(30);
    const count = client.frames.length;
    await sleep(60);
    expect(client.frames).toHaveLength(count);
    sim.resume();
    await client.frameCount(count + 3);
    // the timer's events chain like tick()'s
    const events = client.frames.map(eventOf);
    events.slice(1).forEach((e, i) => expect(e.U).toBe((events[i]?.u as number) + 1));
  });

  it('keeps every level in book(), deeper than any snapshot, and knows its symbols', async () => {
    const sim = await start({ autoTick: false, symbols: [{ symbol: 'BTCUSDT' }, { symbol: 'SOLUSDT', midPrice: '150.25', levelsPerSide: 50 }] });
    expect(sim.symbols()).toEqual(['BTCUSDT', 'SOLUSDT']);
    expect(sim.market).toBe('spot');
    const book = sim.book('BTCUSDT');
    expect(book.bids).toHaveLength(2000);
    expect(book.asks).toHaveLength(2000);
    expect(Number(book.bids[0]?.[0])).toBeLessThan(Number(book.asks[0]?.[0]));
    const sol = sim.book('SOLUSDT');
    expect(sol.bids[0]?.[0]).toBe('150.25000000');
    expect(sol.asks[0]?.[0]).toBe('150.26000000');
    expect(sim.lastUpdateId('SOLUSDT')).toBe(sol.lastUpdateId);
    expect(() => sim.book('NOPE')).toThrow(expect.objectContaining({ reason: 'unknown-symbol' }));
  });

  it('binds to 127.0.0.1 only and rejects other hosts and bad options with typed errors', async () => {
    const sim = await start({ autoTick: false });
    expect(sim.restUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.wsUrl).toBe(sim.restUrl.replace('http:', 'ws:'));
    const bad = async (options: unknown) => {
      try {
        await BinanceSim.start(options as BinanceSimOptions);
      } catch (err) {
        expect(err).toBeInstanceOf(BinanceSimError);
        return (err as BinanceSimError).reason;
      }
      throw new Error('started');
    };
    expect(await bad({ host: '0.0.0.0' })).toBe('non-loopback-host');
    expect(await bad({ host: 'localhost' })).toBe('non-loopback-host');
    expect(await bad({ market: 'options' })).toBe('invalid-option');
    expect(await bad({ symbols: [{ symbol: 'btcusdt' }] })).toBe('invalid-option');
    expect(await bad({ symbols: [{ symbol: 'BTCUSDT' }, { symbol: 'BTCUSDT' }] })).toBe('invalid-option');
    expect(await bad({ symbols: [{ symbol: 'BTCUSDT', tickSize: '0.000000001' }] })).toBe('invalid-option');
    expect(await bad({ randomFaults: { everyTicks: 0 } })).toBe('invalid-option');
    const { port } = new URL(sim.restUrl);
    expect(await bad({ port: Number(port) })).toBe('listen-failed');
  });

  it('closes sockets, server and timers: the port is free and a closed sim cannot tick', async () => {
    const sim = await BinanceSim.start({ tickIntervalMs: 5, pingIntervalMs: 20, randomFaults: { seed: 1, everyTicks: 3, kinds: ['gap', 'resend-old', 'malformed'] } });
    const client = await RecordingClient.open(`${sim.wsUrl}/stream?streams=btcusdt@depth`);
    await client.frameCount(3);
    sim.inject({ kind: 'slow-snapshot', durationMs: 10_000 });
    const pending = get(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT`).catch(() => 'aborted');
    await sleep(30);
    expect(sim.stats().snapshotRequests).toBe(1); // held by slow-snapshot
    await sim.close();
    await sim.close(); // twice is fine
    expect(await pending).toBe('aborted');
    await client.waitClosed();
    expect(await portIsClosed(sim.restUrl)).toBe(true);
    expect(() => sim.tick()).toThrow(expect.objectContaining({ reason: 'closed' }));
    expect(() => sim.inject({ kind: 'gap' })).toThrow(expect.objectContaining({ reason: 'closed' }));
  });

  it('leaves no open handle after close(): a process that used every timer exits at once', async () => {
    // The only sure test of "no handle left" is a process that must exit by itself: a leftover timer
    // (slow snapshot, shutdown close, ping, auto tick) or socket would keep it alive for 10 s.
    const code = `
      import { BinanceSim } from ${JSON.stringify(new URL('../index.ts', import.meta.url).href)};
      import WebSocket from 'ws';
      const sim = await BinanceSim.start({ tickIntervalMs: 5, pingIntervalMs: 20 });
      const ws = new WebSocket(sim.wsUrl + '/ws/btcusdt@depth');
      await new Promise((resolve) => ws.once('message', resolve));
      sim.inject({ kind: 'slow-snapshot', durationMs: 10000 });
      sim.inject({ kind: 'server-shutdown', durationMs: 10000 });
      sim.inject({ kind: 'silence', durationMs: 10000 });
      const pending = fetch(sim.restUrl + '/api/v3/depth?symbol=BTCUSDT').catch(() => 'aborted');
      await new Promise((resolve) => setTimeout(resolve, 50));
      await sim.close();
      console.log('closed', await pending);
    `;
    const started = Date.now();
    const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      timeout: 8000,
    });
    expect(stdout.trim()).toBe('closed aborted');
    expect(Date.now() - started).toBeLessThan(8000);
  }, 15_000);
});
