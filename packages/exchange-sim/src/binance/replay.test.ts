import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from '@jest/globals';
import { compareDecimals } from '../market/decimal.js';
import { BinanceSimError } from '../market/errors.js';
import { listRecordings } from './recordings.js';
import { BinanceSim } from './binance-sim.js';
import { get, RecordingClient, sleep, type WireSnapshot } from './sims.test-support.js';
import type { RecordingInfo, TrueBook } from './types.js';

const sims: BinanceSim[] = [];
const clients: RecordingClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

function recording(session: string): RecordingInfo {
  const found = listRecordings().find((r) => r.session === session);
  if (!found) throw new Error(`missing recording ${session}`);
  return found;
}

/** The recorded depth frames and snapshot, read independently of the sim's own parser. */
function recorded(info: RecordingInfo): { frames: string[]; snapshot: string; before: number } {
  const lines = gunzipSync(readFileSync(info.timeline)).toString('utf8').split('\n').filter(Boolean);
  const raws = lines.map((l) => l.slice(l.indexOf(' ') + 1));
  const snapshotAt = raws.findIndex((r) => r.startsWith('{"lastUpdateId"'));
  const isDepth = (r: string) => /^\{"stream":"[a-z0-9_]+@depth/.test(r);
  return {
    frames: raws.filter(isDepth),
    snapshot: raws[snapshotAt] as string,
    before: raws.slice(0, snapshotAt).filter(isDepth).length,
  };
}

/** Compares books as decimals (trailing zeros may differ). */
function expectSameBook(actual: TrueBook, expected: TrueBook): void {
  expect(actual.lastUpdateId).toBe(expected.lastUpdateId);
  for (const side of ['bids', 'asks'] as const) {
    expect(actual[side]).toHaveLength(expected[side].length);
    const mismatch = actual[side].findIndex(([p, q], i) => {
      const [ep, eq] = expected[side][i] as [string, string];
      return compareDecimals(p, ep) !== 0 || compareDecimals(q, eq) !== 0;
    });
    expect({ side, firstMismatch: mismatch }).toEqual({ side, firstMismatch: -1 });
  }
}

describe('replay', () => {
  it('serves a spot session verbatim: frames up to the snapshot, held until it is fetched, then the rest', async () => {
    const info = recording('binance-spot_BTCUSDT_2024-08-08');
    const expected = recorded(info);
    const sim = await BinanceSim.start({ market: 'spot', replay: { timeline: info.timeline } });
    sims.push(sim);
    expect(sim.symbols()).toEqual(['BTCUSDT']);
    const client = await RecordingClient.open(`${sim.wsUrl}/stream?streams=btcusdt@depth@100ms`);
    clients.push(client);
    await client.frameCount(expected.before);
    await sleep(50);
    expect(client.frames).toHaveLength(expected.before); // held at the snapshot's place
    const res = await get(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=1000`);
    expect(res.status).toBe(200);
    expect(res.text).toBe(expected.snapshot);
    expect(res.headers.get('x-mbx-used-weight-1m')).toBe('50');
    await sim.replayDone();
    await client.frameCount(expected.frames.length);
    expect(client.frames).toEqual(expected.frames);
    expect(sim.stats().framesSent).toBe(expected.frames.length);
    // book() is where a correct client ends: the session's independently rebuilt final book
    expectSameBook(sim.book('BTCUSDT'), JSON.parse(readFileSync(info.finalBook, 'utf8')) as TrueBook);
  });

  it('serves a USD-M session on /public/ws as the bare recorded events, whatever speed was asked', async () => {
    const info = recording('binance-usdm_BTCUSDT_2024-08-08');
    const expected = recorded(info);
    const sim = await BinanceSim.start({ replay: { timeline: info.timeline } });
    sims.push(sim);
    expect(sim.market).toBe('usdm'); // taken from the recording's name
    const client = await RecordingClient.open(`${sim.wsUrl}/public/ws/btcusdt@depth@100ms`);
    clients.push(client);
    await client.frameCount(expected.before);
    const res = await get(`${sim.restUrl}/fapi/v1/depth?symbol=BTCUSDT&limit=1000`);
    expect(res.text).toBe(expected.snapshot);
    await sim.replayDone();
    await client.frameCount(expected.frames.length);
    const prefixLength = (frame: string) => frame.indexOf(',"data":') + ',"data":'.length;
    expect(client.frames).toEqual(expected.frames.map((f) => f.slice(prefixLength(f), -1)));
    expectSameBook(sim.book('BTCUSDT'), JSON.parse(readFileSync(info.finalBook, 'utf8')) as TrueBook);
  });

  it('serves a 2021 COIN-M session in file order, stale diffs after the snapshot included', async () => {
    const info = recording('binance-coinm_BCHUSD_PERP_cf2021-07-22');
    const expected = recorded(info);
    const sim = await BinanceSim.start({ market: 'coinm', replay: { timeline: info.timeline } });
    sims.push(sim);
    const client = await RecordingClient.open(`${sim.wsUrl}/ws`);
    clients.push(client);
    client.send({ method: 'SUBSCRIBE', params: ['bchusd_perp@depth@100ms'], id: 1 });
    await client.frameCount(1 + expected.before);
    expect(client.frames[0]).toBe('{"result":null,"id":1}');
    const snapshot = (await get(`${sim.restUrl}/dapi/v1/depth?symbol=BCHUSD_PERP&limit=1000`)).text;
    expect(snapshot).toBe(expected.snapshot);
    expect((JSON.parse(snapshot) as WireSnapshot).lastUpdateId).toBeGreaterThan(0);
    await sim.replayDone();
    await client.frameCount(1 + expected.frames.length);
    expect(client.frames.slice(1).map((f) => `{"stream":"bchusd_perp@depth@100ms","data":${f}}`)).toEqual(expected.frames);
    expectSameBook(sim.book('BCHUSD_PERP'), JSON.parse(readFileSync(info.finalBook, 'utf8')) as TrueBook);
  });

  it('rebuilds every shipped session final book from its recording', async () => {
    for (const info of listRecordings()) {
      const sim = await BinanceSim.start({ replay: { timeline: info.timeline } });
      try {
        expect(sim.market).toBe(info.market);
        expectSameBook(sim.book(info.symbol), JSON.parse(readFileSync(info.finalBook, 'utf8')) as TrueBook);
      } finally {
        await sim.close();
      }
    }
  });

  it('refuses generated-traffic calls and stream-altering faults in replay mode, with typed errors', async () => {
    const info = recording('binance-spot_XMRBTC_cf2021-08-14');
    const sim = await BinanceSim.start({ replay: { timeline: info.timeline } });
    sims.push(sim);
    expect(() => sim.tick()).toThrow(BinanceSimError);
    expect(() => sim.inject({ kind: 'gap' })).toThrow(expect.objectContaining({ reason: 'fault-not-supported' }));
    await expect(
      BinanceSim.start({ market: 'usdm', replay: { timeline: info.timeline } }),
    ).rejects.toMatchObject({ reason: 'invalid-option' });
    await expect(BinanceSim.start({ replay: { timeline: '/nonexistent.timeline.txt.gz' } })).rejects.toMatchObject({
      reason: 'bad-recording',
    });
  });

  it('rejects replayDone() when closed before the replay finished, and outside replay mode', async () => {
    const info = recording('binance-spot_XMRBTC_cf2021-08-14');
    const sim = await BinanceSim.start({ replay: { timeline: info.timeline } });
    const done = sim.replayDone();
    await sim.close();
    await expect(done).rejects.toMatchObject({ reason: 'closed' });
    const generated = await BinanceSim.start({ autoTick: false });
    sims.push(generated);
    await expect(generated.replayDone()).rejects.toMatchObject({ reason: 'not-replay-mode' });
  });
});
