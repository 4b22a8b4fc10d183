import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { LimiterStats } from '@lob/core';
import { FakeSource, fakeBook } from '../fake-source.test-support.js';
import { StartupProgressLog } from './startup-progress-log.js';

const levels = { bids: [['1.0', '2'] as [string, string]], asks: [['1.1', '3'] as [string, string]] };

describe('StartupProgressLog', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('tells the progress every interval while books are not all live, then once that all are, and stops', () => {
    const btc = fakeBook('binance-spot', 'BTCUSDT', { ...levels, state: 'syncing' });
    const eth = fakeBook('binance-spot', 'ETHUSDT', { ...levels, state: 'syncing' });
    const source = new FakeSource('binance-spot', [btc, eth]);
    (source.limiter?.stats as LimiterStats).queued = 2;
    source.drainEstimateMs = 90_000;
    const lines: string[] = [];
    const progress = new StartupProgressLog([source], { info: (line) => lines.push(line) }, { checkEveryMs: 1_000, tellEveryMs: 10_000 });
    progress.start();
    jest.advanceTimersByTime(9_000);
    expect(lines).toEqual([]);
    jest.advanceTimersByTime(1_000);
    expect(lines).toEqual(['starting: 0/2 books live, 2 snapshots queued, about 2 min left at the snapshot budget']);
    btc.state = 'live';
    eth.state = 'live';
    jest.advanceTimersByTime(3_000);
    expect(lines.slice(1)).toEqual(['all 2 books live after 11.0 s']);
    eth.state = 'resyncing';
    jest.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(2);
  });
});
