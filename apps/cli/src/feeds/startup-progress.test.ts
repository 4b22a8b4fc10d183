import { describe, expect, it } from '@jest/globals';
import type { LimiterStats } from '@lob/core';
import { FakeSource, fakeBook } from '../fake-source.test-support.js';
import { describeProgress, formatEta, startupProgress } from './startup-progress.js';

const levels = { bids: [['1.0', '2'] as [string, string]], asks: [['1.1', '3'] as [string, string]] };

describe('startupProgress', () => {
  it('counts live books out of those that can be live, leaving out symbols the exchange does not know', () => {
    const spot = new FakeSource('binance-spot', [
      fakeBook('binance-spot', 'BTCUSDT', levels),
      fakeBook('binance-spot', 'ETHUSDT', { ...levels, state: 'syncing' }),
      fakeBook('binance-spot', 'NOPEUSDT', { ...levels, state: 'invalid' }),
    ]);
    const okx = new FakeSource('okx', [fakeBook('okx', 'BTC-USDT', { ...levels, state: 'connecting' })], { restSnapshots: false });
    expect(startupProgress([spot, okx])).toEqual({ live: 1, total: 3, snapshotsQueued: 0, etaMs: 0 });
  });

  it('adds up queued snapshots and takes the slowest venue budget as the time left', () => {
    const spot = new FakeSource('binance-spot', [fakeBook('binance-spot', 'BTCUSDT', { ...levels, state: 'syncing' })]);
    const usdm = new FakeSource('binance-usdm', [fakeBook('binance-usdm', 'BTCUSDT', { ...levels, state: 'syncing' })]);
    (spot.limiter?.stats as LimiterStats).queued = 120;
    spot.drainEstimateMs = 60_000;
    (usdm.limiter?.stats as LimiterStats).queued = 30;
    usdm.drainEstimateMs = 180_000;
    const progress = startupProgress([spot, usdm]);
    expect(progress).toEqual({ live: 0, total: 2, snapshotsQueued: 150, etaMs: 180_000 });
    expect(describeProgress(progress)).toBe('0/2 books live, 150 snapshots queued, about 3 min left at the snapshot budget');
  });

  it('says only the books when nothing waits for a budget', () => {
    expect(describeProgress({ live: 3, total: 4, snapshotsQueued: 0, etaMs: 0 })).toBe('3/4 books live');
  });
});

describe('formatEta', () => {
  it('rounds up to seconds under a minute, minutes under an hour, then hours and minutes', () => {
    expect(formatEta(0)).toBe('0 s');
    expect(formatEta(1_001)).toBe('2 s');
    expect(formatEta(61_000)).toBe('2 min');
    expect(formatEta(3_900_000)).toBe('1 h 5 min');
  });
});
