import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { SnapshotError } from '../errors.js';
import { SnapshotLimiter } from './snapshot-limiter.js';

const ok = () => Promise.resolve({});

describe('SnapshotLimiter', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('starts requests only while their weight fits the share of the budget, then spreads the rest over windows', async () => {
    const limiter = new SnapshotLimiter({ budget: { limit: 100, windowMs: 60_000 }, share: 0.5, maxConcurrent: 10 });
    const startedAt: number[] = [];
    const runs = Array.from({ length: 5 }, () => limiter.run(20, new AbortController().signal, () => {
      startedAt.push(Date.now());
      return ok();
    }));
    await jest.advanceTimersByTimeAsync(0);
    expect(startedAt).toEqual([0, 0]);
    await jest.advanceTimersByTimeAsync(60_001);
    expect(startedAt).toEqual([0, 0, 60_001, 60_001]);
    await jest.advanceTimersByTimeAsync(60_001);
    await Promise.all(runs);
    expect(startedAt).toHaveLength(5);
    expect(limiter.stats.weightUsed).toBe(100);
  });

  it('sends nothing inside a Retry-After window after a 429', async () => {
    const limiter = new SnapshotLimiter({ budget: { limit: 1000, windowMs: 60_000 }, maxConcurrent: 1 });
    const signal = new AbortController().signal;
    const first = limiter.run(1, signal, () => Promise.reject(new SnapshotError('rate-limited', '429', 5_000, 429)));
    await expect(first).rejects.toBeInstanceOf(SnapshotError);
    let startedAt = -1;
    const second = limiter.run(1, signal, () => {
      startedAt = Date.now();
      return ok();
    });
    await jest.advanceTimersByTimeAsync(4_999);
    expect(startedAt).toBe(-1);
    await jest.advanceTimersByTimeAsync(2);
    await second;
    expect(startedAt).toBeGreaterThanOrEqual(5_000);
    expect(limiter.stats.rateLimited).toBe(1);
  });

  it("believes the exchange's used-weight figure when it is higher than its own count", async () => {
    const limiter = new SnapshotLimiter({ budget: { limit: 100, windowMs: 60_000 }, share: 1 });
    await limiter.run(10, new AbortController().signal, () => Promise.resolve({ usedWeight: 95 }));
    expect(limiter.usedWeight()).toBe(95);
    let started = false;
    const next = limiter.run(10, new AbortController().signal, () => {
      started = true;
      return ok();
    });
    await jest.advanceTimersByTimeAsync(1_000);
    expect(started).toBe(false);
    await jest.advanceTimersByTimeAsync(60_000);
    await next;
    expect(started).toBe(true);
  });

  it('limits requests in flight', async () => {
    const limiter = new SnapshotLimiter({ budget: { limit: 1000, windowMs: 60_000 }, maxConcurrent: 2 });
    let inFlight = 0;
    let most = 0;
    const slow = () => {
      inFlight++;
      most = Math.max(most, inFlight);
      return new Promise<object>((r) => setTimeout(() => {
        inFlight--;
        r({});
      }, 100));
    };
    const all = Array.from({ length: 6 }, () => limiter.run(1, new AbortController().signal, slow));
    await jest.advanceTimersByTimeAsync(1_000);
    await Promise.all(all);
    expect(most).toBe(2);
  });

  it('drops a queued request whose signal is aborted', async () => {
    const limiter = new SnapshotLimiter({ budget: { limit: 10, windowMs: 60_000 }, share: 1 });
    await limiter.run(10, new AbortController().signal, ok);
    const controller = new AbortController();
    const queued = limiter.run(5, controller.signal, ok);
    expect(limiter.stats.queued).toBe(1);
    controller.abort(new Error('gone'));
    await expect(queued).rejects.toThrow('gone');
    expect(limiter.stats.queued).toBe(0);
  });
});
