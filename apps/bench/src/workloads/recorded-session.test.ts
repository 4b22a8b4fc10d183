import { describe, expect, it } from '@jest/globals';
import { buildCycle } from './cycle.js';
import { pipelineInput } from './pipeline-input.js';
import { loadRecordedSession, rulesOf } from './recorded-session.js';
import { findRecordings } from './recording-files.js';

const { files } = await findRecordings();
const fileOf = (session: string) => {
  const file = files.find((f) => f.session === session);
  if (file === undefined) throw new Error(`missing ${session}`);
  return file;
};
const spot = loadRecordedSession(fileOf('binance-spot_BTCUSDT_2024-08-08'));

describe('recorded sessions', () => {
  it('spot BTCUSDT 2024 has the documented 6 495 diff events and 298 111 level changes', () => {
    expect(spot.frames.length).toBe(6495);
    expect(spot.updates.length).toBe(6495);
    expect(spot.levelChanges).toBe(298_111);
    expect(spot.snapshot.bids.length).toBe(1000);
    expect(spot.snapshot.asks.length).toBe(1000);
  });

  it('USD-M BTCUSDT 2024 has the documented 443 521 level changes', () => {
    const usdm = loadRecordedSession(fileOf('binance-usdm_BTCUSDT_2024-08-08'));
    expect(usdm.updates.length).toBe(6551);
    expect(usdm.levelChanges).toBe(443_521);
    expect(typeof usdm.updates[usdm.bridgeIndex]?.prevLastId).toBe('number');
  });

  it('starts the replay at the event that bridges the snapshot (the earlier ones are stale)', () => {
    const rules = rulesOf('spot');
    const id = spot.snapshot.lastUpdateId;
    const bridge = spot.updates[spot.bridgeIndex];
    expect(bridge).toBeDefined();
    expect(rules.classify(bridge!, id, true)).toBe('apply');
    for (const u of spot.updates.slice(0, spot.bridgeIndex)) expect(rules.classify(u, id, true)).toBe('stale');
    const replayed = spot.updates.slice(spot.bridgeIndex);
    expect(replayed.length).toBe(6493);
    expect(replayed.reduce((n, u) => n + u.bids.length + u.asks.length, 0)).toBe(298_094);
  });

  it('stops early when asked to, for smoke runs', () => {
    const short = loadRecordedSession(fileOf('binance-spot_BTCUSDT_2024-08-08'), 50);
    expect(short.updates.length - short.bridgeIndex).toBeGreaterThanOrEqual(49);
    expect(short.updates.length).toBeLessThan(60);
  });

  it('builds pipeline frames whose ids keep the chain going through the inverse half', () => {
    const short = loadRecordedSession(fileOf('binance-usdm_BTCUSDT_2024-08-08'), 40);
    const forward = short.updates.slice(short.bridgeIndex).map((u) => ({ bids: u.bids, asks: u.asks, changes: u.bids.length + u.asks.length }));
    const input = pipelineInput(short, buildCycle(short.snapshot, forward, '0.000'));
    expect(input.frames.length).toBe(2 * forward.length);
    const rules = rulesOf('usdm');
    const parsed = input.frames.map((f) => (JSON.parse(f) as { data: { U: number; u: number; pu: number } }).data);
    let id = parsed[0]!.u;
    for (const d of parsed.slice(1)) {
      const update = { type: 'depth' as const, symbol: 'BTCUSDT', firstId: d.U, lastId: d.u, prevLastId: d.pu, eventTime: 0, bids: [], asks: [] };
      expect(rules.classify(update, id, false)).toBe('apply');
      id = d.u;
    }
    const first = parsed[0]!;
    expect(rules.classify({ type: 'depth', symbol: 'BTCUSDT', firstId: first.U, lastId: first.u, prevLastId: first.pu, eventTime: 0, bids: [], asks: [] }, input.rewindId, false)).toBe('apply');
  });
});
