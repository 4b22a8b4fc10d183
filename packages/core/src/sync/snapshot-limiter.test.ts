import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { SnapshotError } from '../errors.js';
import type { WeightReport } from './connector.js';
import { SnapshotLimiter, type SnapshotPriority } from './snapshot-limiter.js';

const ok = () => Promise.resolve({});
const never = () => new AbortController().signal;

/** Queues a request of `weight` and notes the fake clock when it starts. */
function track(limiter: SnapshotLimiter, weight: number, answer: WeightReport = {}, priority?: SnapshotPriority) {
  const started: { at?: number } = {};
  const done = limiter.run(
    weight,
    never(),
    () => {
      started.at = Date.now();
      return Promise.resolve(answer);
    },
    priority,
  );
  return { started, done };
}

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

  it('estimates how long its queue takes to start: whole windows beyond what the current one still allows', async () => {
    const limiter = new SnapshotLimiter({ budget: { limit: 100, windowMs: 60_000 }, share: 0.5, maxConcurrent: 10 });
    expect(limiter.drainEstimateMs()).toBe(0);
    const runs = Array.from({ length: 7 }, () => track(limiter, 20).done);
    await jest.advanceTimersByTimeAsync(0);
    // 50 allowed a window: two requests started (40), five queued (100): one more window for 50, another for 50.
    expect(limiter.stats.queued).toBe(5);
    expect(limiter.drainEstimateMs()).toBe(120_000);
    await jest.advanceTimersByTimeAsync(60_001);
    expect(limiter.stats.queued).toBe(3);
    expect(limiter.drainEstimateMs()).toBe(60_000);
    await jest.advanceTimersByTimeAsync(120_002);
    await Promise.all(runs);
    expect(limiter.drainEstimateMs()).toBe(0);
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

  it('counts a figure dated by the server until the end of that server minute, not for a whole minute after it', async () => {
    const limiter = new SnapshotLimiter({ budget: { limit: 100, windowMs: 60_000 }, share: 1 });
    // The server's clock reads 50 s into its minute while ours reads 0: its minute ends at our 10 s.
    await limiter.run(10, never(), () => Promise.resolve({ usedWeight: 95, serverTime: 50_000 }));
    const next = track(limiter, 10);
    await jest.advanceTimersByTimeAsync(9_999);
    expect(next.started.at).toBeUndefined();
    await jest.advanceTimersByTimeAsync(2_000);
    await next.done;
    // A little after the boundary (its Date is truncated to the second, plus a margin), never a minute late.
    expect(next.started.at).toBeGreaterThan(10_000);
    expect(next.started.at).toBeLessThanOrEqual(11_500);
  });

  it('takes the server minute from the Date truncated to the second: it is never early', async () => {
    const limiter = new SnapshotLimiter({ budget: { limit: 100, windowMs: 60_000 }, share: 1, clockMarginMs: 0 });
    // Truly 50.999 s into the server minute, dated 50 s: the minute may end at our 9 001 ms, or as late as 10 000.
    await limiter.run(10, never(), () => Promise.resolve({ usedWeight: 95, serverTime: 50_000 }));
    const next = track(limiter, 10);
    await jest.advanceTimersByTimeAsync(9_999);
    expect(next.started.at).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1_000);
    await next.done;
    expect(next.started.at).toBeGreaterThanOrEqual(10_000);
  });

  it('counts its own requests per server minute once answers date them, so a new minute starts empty', async () => {
    const limiter = new SnapshotLimiter({ budget: { limit: 100, windowMs: 60_000 }, share: 1, maxConcurrent: 10 });
    // Answers dated 55 s into the server minute and no figure: only our own count can block.
    const first = Array.from({ length: 10 }, () => track(limiter, 10, { serverTime: 55_000 }));
    await jest.advanceTimersByTimeAsync(0);
    await Promise.all(first.map((r) => r.done));
    expect(limiter.usedWeight()).toBe(100);
    const next = track(limiter, 10);
    await jest.advanceTimersByTimeAsync(4_999);
    expect(next.started.at).toBeUndefined();
    await jest.advanceTimersByTimeAsync(2_000);
    await next.done;
    expect(next.started.at).toBeLessThanOrEqual(6_500);
  });

  it('keeps counting a request sent just before a server minute ends into the next one', async () => {
    const limiter = new SnapshotLimiter({ budget: { limit: 100, windowMs: 60_000 }, share: 1 });
    await limiter.run(10, never(), () => Promise.resolve({ serverTime: 59_500 }));
    // Sent at what our clock says is 59.5 s server time: it may arrive after the boundary and count there.
    const inFlight = limiter.run(90, never(), () => new Promise<WeightReport>(() => undefined));
    void inFlight;
    await jest.advanceTimersByTimeAsync(3_000);
    expect(limiter.usedWeight()).toBe(90);
  });

  it('asks the exchange with a weight-1 probe instead of waiting out a figure it cannot date', async () => {
    const probe = jest.fn((_signal: AbortSignal) => Promise.resolve<WeightReport>({ usedWeight: 3 }));
    const limiter = new SnapshotLimiter({ budget: { limit: 100, windowMs: 60_000 }, share: 1, probe, probeIntervalMs: 5_000 });
    await limiter.run(10, never(), () => Promise.resolve({ usedWeight: 95 }));
    const next = track(limiter, 10);
    await jest.advanceTimersByTimeAsync(4_999);
    expect(probe).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(2);
    await next.done;
    expect(probe).toHaveBeenCalledTimes(1);
    expect(next.started.at).toBe(5_000);
    expect(limiter.stats.probes).toBe(1);
  });

  it('counts a probe as weight 1, sends one at a time and no more often than probeIntervalMs', async () => {
    const starts: number[] = [];
    let inFlight = 0;
    let most = 0;
    const probe = () => {
      starts.push(Date.now());
      most = Math.max(most, ++inFlight);
      // A slow probe whose figure is still high.
      return new Promise<WeightReport>((resolve) => setTimeout(() => {
        inFlight--;
        resolve({ usedWeight: 95 });
      }, 7_000));
    };
    const limiter = new SnapshotLimiter({ budget: { limit: 100, windowMs: 60_000 }, share: 1, probe, probeIntervalMs: 5_000 });
    limiter.observeUsedWeight(95);
    const next = track(limiter, 10);
    await jest.advanceTimersByTimeAsync(5_000);
    expect(starts).toEqual([5_000]);
    expect(limiter.usedWeight()).toBe(96);
    await jest.advanceTimersByTimeAsync(25_000);
    expect(most).toBe(1);
    // Each one 5 s after the figure the last one brought.
    expect(starts).toEqual([5_000, 17_000, 29_000]);
    expect(next.started.at).toBeUndefined();
  });

  it('does not probe while the block ends at a server minute boundary it knows', async () => {
    const probe = jest.fn(() => Promise.resolve<WeightReport>({ usedWeight: 3 }));
    const limiter = new SnapshotLimiter({ budget: { limit: 100, windowMs: 60_000 }, share: 1, probe, probeIntervalMs: 1_000 });
    await limiter.run(10, never(), () => Promise.resolve({ usedWeight: 95, serverTime: 30_000 }));
    const next = track(limiter, 10);
    await jest.advanceTimersByTimeAsync(32_000);
    await next.done;
    expect(probe).not.toHaveBeenCalled();
    expect(next.started.at).toBeGreaterThan(30_000);
  });

  it('starts gap resyncs first, then initial snapshots, then refreshes, each in arrival order', async () => {
    const limiter = new SnapshotLimiter({ budget: { limit: 1000, windowMs: 60_000 }, maxConcurrent: 1 });
    const order: string[] = [];
    let release = () => undefined as void;
    const blocker = limiter.run(1, never(), () => new Promise<WeightReport>((resolve) => (release = () => resolve({}))));
    const queued = ([['r1', 'refresh'], ['i1', 'initial'], ['s1', 'resync'], ['i2', 'initial'], ['s2', 'resync'], ['r2', 'refresh']] as const).map(
      ([name, priority]) => limiter.run(1, never(), () => {
        order.push(name);
        return ok();
      }, priority),
    );
    await jest.advanceTimersByTimeAsync(0);
    expect(limiter.stats.queued).toBe(6);
    release();
    await blocker;
    await Promise.all(queued);
    expect(order).toEqual(['s1', 's2', 'i1', 'i2', 'r1', 'r2']);
  });

  it('lets a refresh start only under refreshShare of the allowance, so resyncs and cold starts get the rest', async () => {
    const limiter = new SnapshotLimiter({ budget: { limit: 100, windowMs: 60_000 }, share: 1, refreshShare: 0.5 });
    await limiter.run(40, never(), ok, 'initial');
    const refresh = track(limiter, 20, {}, 'refresh');
    const initial = track(limiter, 20, {}, 'initial');
    await jest.advanceTimersByTimeAsync(0);
    await initial.done;
    expect(initial.started.at).toBe(0);
    expect(refresh.started.at).toBeUndefined();
    // Refreshes wait until the counted weight leaves room under half of the allowance.
    await jest.advanceTimersByTimeAsync(60_001);
    await refresh.done;
    expect(refresh.started.at).toBe(60_001);
  });

  it('leaves one request slot free of refreshes', async () => {
    const limiter = new SnapshotLimiter({ budget: { limit: 1000, windowMs: 60_000 }, maxConcurrent: 2 });
    const slow = () => new Promise<WeightReport>((resolve) => setTimeout(() => resolve({}), 1_000));
    const busy = limiter.run(1, never(), slow, 'initial');
    const refresh = track(limiter, 1, {}, 'refresh');
    const resync = track(limiter, 1, {}, 'resync');
    await jest.advanceTimersByTimeAsync(0);
    await resync.done;
    expect(refresh.started.at).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1_000);
    await Promise.all([busy, refresh.done]);
    expect(refresh.started.at).toBe(1_000);
  });

  it.each([
    ['0', 0, 1_000],
    ['missing', undefined, 60_000],
    ['not a number', Number.NaN, 60_000],
  ] as const)('pauses after a 429 whose Retry-After was %s for at least its floor', async (_name, retryAfterMs, pauseMs) => {
    const limiter = new SnapshotLimiter({ budget: { limit: 1000, windowMs: 60_000 }, maxConcurrent: 1 });
    const first = limiter.run(1, never(), () => Promise.reject(new SnapshotError('rate-limited', '429', retryAfterMs, 429)));
    await expect(first).rejects.toBeInstanceOf(SnapshotError);
    const next = track(limiter, 1);
    await jest.advanceTimersByTimeAsync(pauseMs - 1);
    expect(next.started.at).toBeUndefined();
    await jest.advanceTimersByTimeAsync(2);
    await next.done;
    expect(next.started.at).toBe(pauseMs);
  });

  it('floors a 418 with Retry-After 0 the same way', async () => {
    const limiter = new SnapshotLimiter({ budget: { limit: 1000, windowMs: 60_000 }, minPauseMs: 2_000 });
    await expect(limiter.run(1, never(), () => Promise.reject(new SnapshotError('banned', '418', 0, 418)))).rejects.toBeInstanceOf(SnapshotError);
    const next = track(limiter, 1);
    await jest.advanceTimersByTimeAsync(1_999);
    expect(next.started.at).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1);
    await next.done;
    expect(next.started.at).toBe(2_000);
  });
});
