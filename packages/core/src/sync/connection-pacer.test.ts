import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ConfigError } from '../errors.js';
import { ConnectionPacer } from './connection-pacer.js';

/** Reserves `n` attempts now and returns when each may start, as absolute times. */
function reserveMany(pacer: ConnectionPacer, n: number): number[] {
  return Array.from({ length: n }, () => Date.now() + pacer.reserve());
}

describe('ConnectionPacer', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('lets a burst go at once, then spaces attempts intervalMs apart', () => {
    const pacer = new ConnectionPacer({ burst: 5, intervalMs: 1_000 });
    expect(reserveMany(pacer, 8)).toEqual([0, 0, 0, 0, 0, 1_000, 2_000, 3_000]);
    expect(pacer.stats).toEqual({ attempts: 8, delayed: 3 });
  });

  it('keeps the spacing for callers that come back one at a time when their slot is due', () => {
    const pacer = new ConnectionPacer({ burst: 2, intervalMs: 1_000 });
    const startedAt: number[] = [];
    // A reconnect loop: every attempt fails at once and asks again; a slot due now is used now.
    const next = (): void => {
      const wait = pacer.reserve();
      if (wait === 0) attempt();
      else setTimeout(attempt, wait);
    };
    const attempt = (): void => {
      startedAt.push(Date.now());
      if (startedAt.length < 6) next();
    };
    next();
    jest.advanceTimersByTime(10_000);
    expect(startedAt).toEqual([0, 0, 1_000, 2_000, 3_000, 4_000]);
  });

  it('earns the burst back while idle', () => {
    const pacer = new ConnectionPacer({ burst: 3, intervalMs: 1_000 });
    expect(reserveMany(pacer, 4)).toEqual([0, 0, 0, 1_000]);
    jest.advanceTimersByTime(4_000); // the last slot was at 1 000; 3 intervals later the burst is whole again
    expect(reserveMany(pacer, 4)).toEqual([4_000, 4_000, 4_000, 5_000]);
  });

  it('never allows more than maxPerWindow attempts in any sliding window', () => {
    const pacer = new ConnectionPacer({ burst: 5, intervalMs: 1_000, maxPerWindow: 8, windowMs: 60_000 });
    const slots = reserveMany(pacer, 10);
    expect(slots).toEqual([0, 0, 0, 0, 0, 1_000, 2_000, 3_000, 60_000, 60_000]);
    for (const slot of slots) expect(slots.filter((s) => s > slot - 60_000 && s <= slot).length).toBeLessThanOrEqual(8);
  });

  it('with the defaults: 5 at once, then one a second, and at most 300 in 5 minutes', () => {
    const pacer = new ConnectionPacer();
    const slots = reserveMany(pacer, 320);
    expect(slots.slice(0, 7)).toEqual([0, 0, 0, 0, 0, 1_000, 2_000]);
    expect(slots.filter((s) => s < 300_000)).toHaveLength(300);
    expect(slots[300]).toBe(300_000);
  });

  it('rejects options that would disable it with a typed error', () => {
    expect(() => new ConnectionPacer({ burst: 0 })).toThrow(ConfigError);
    expect(() => new ConnectionPacer({ intervalMs: -1 })).toThrow(expect.objectContaining({ reason: 'invalid-value', location: { key: 'intervalMs' } }));
    expect(() => new ConnectionPacer({ maxPerWindow: 1.5 })).toThrow(ConfigError);
  });
});
