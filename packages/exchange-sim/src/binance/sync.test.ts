import { afterEach, describe, expect, it } from '@jest/globals';
import { BinanceSim } from './binance-sim.js';
import { eventOf, get, MapReplica, RecordingClient, sleep, type WireEvent, type WireSnapshot } from './sims.test-support.js';
import type { SimMarket } from './types.js';

const sims: BinanceSim[] = [];
const clients: RecordingClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

const PATHS: Record<SimMarket, { depth: string; limit: number; symbol: string }> = {
  spot: { depth: '/api/v3/depth', limit: 5000, symbol: 'BTCUSDT' },
  usdm: { depth: '/fapi/v1/depth', limit: 1000, symbol: 'BTCUSDT' },
  coinm: { depth: '/dapi/v1/depth', limit: 1000, symbol: 'BTCUSD_PERP' },
};

/**
 * Follows BINANCE.md: buffer from the first frame, fetch the snapshot, drop what it covers, bridge, then check
 * every event continues the previous one. The sim runs on its own timer meanwhile, so events arrive while the
 * snapshot is in flight.
 */
async function syncAndCompare(market: SimMarket): Promise<void> {
  const { depth, limit, symbol } = PATHS[market];
  const futures = market !== 'spot';
  // A book no deeper than the snapshot limit, so the replica can hold every level.
  const sim = await BinanceSim.start({ market, seed: 77, tickIntervalMs: 5, symbols: [{ symbol, levelsPerSide: 400 }] });
  sims.push(sim);
  const client = await RecordingClient.open(`${sim.wsUrl}/stream?streams=${symbol.toLowerCase()}@depth@100ms`);
  clients.push(client);
  await client.frameCount(3);
  const snapshot = JSON.parse((await get(`${sim.restUrl}${depth}?symbol=${symbol}&limit=${limit}`)).text) as WireSnapshot;
  await sleep(100);
  sim.pause();
  const last = sim.lastUpdateId(symbol);
  await client.until(() => client.frames.length > 0 && eventOf(client.frames.at(-1) as string).u === last);

  const events: WireEvent[] = client.frames.map(eventOf);
  expect(snapshot.lastUpdateId).toBeGreaterThanOrEqual(events[0]?.U as number); // not stale: the stream started first
  const replica = new MapReplica(snapshot);
  let applied = 0;
  let prevU: number | undefined;
  for (const e of events) {
    if (futures ? e.u < snapshot.lastUpdateId : e.u <= snapshot.lastUpdateId) continue;
    if (applied === 0) {
      if (futures) expect(e.U <= snapshot.lastUpdateId && snapshot.lastUpdateId <= e.u).toBe(true);
      else expect(e.U <= snapshot.lastUpdateId + 1 && e.u >= snapshot.lastUpdateId + 1).toBe(true);
    } else if (futures) {
      expect(e.pu).toBe(prevU);
    } else {
      expect(e.U).toBe((prevU as number) + 1);
    }
    replica.apply(e);
    prevU = e.u;
    applied += 1;
  }
  expect(applied).toBeGreaterThan(5);
  const truth = sim.book(symbol);
  expect(replica.lastUpdateId).toBe(truth.lastUpdateId);
  const mine = replica.sorted();
  expect(mine.bids).toEqual(truth.bids);
  expect(mine.asks).toEqual(truth.asks);
}

describe('a client following the documented sync rules', () => {
  it('rebuilds the spot true book exactly from a snapshot taken earlier plus the emitted events', async () => {
    await syncAndCompare('spot');
  });

  it('rebuilds the USD-M true book exactly (pu chain)', async () => {
    await syncAndCompare('usdm');
  });

  it('rebuilds the COIN-M true book exactly (pu chain)', async () => {
    await syncAndCompare('coinm');
  });
});
