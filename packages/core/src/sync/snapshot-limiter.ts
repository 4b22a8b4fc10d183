import { SnapshotError } from '../errors.js';
import type { WeightBudget } from './connector.js';

/** Tuning of the shared snapshot limiter. */
export interface SnapshotLimiterOptions {
  /** The exchange's budget (weight per window). */
  readonly budget: WeightBudget;
  /** Fraction of the budget this process may use, leaving room for other clients on the same IP (default 0.8). */
  readonly share?: number;
  /** Requests in flight at once (default 4). */
  readonly maxConcurrent?: number;
  /** Pause after a 429/418 that carried no Retry-After (default 60 s). */
  readonly defaultPauseMs?: number;
  readonly now?: () => number;
}

/**
 * Which snapshots go first when the budget is short: a live book's gap resync, then cold starts and quiet symbols,
 * then background refreshes of books that are still live.
 */
export type SnapshotPriority = 'resync' | 'initial' | 'refresh';

interface Waiter {
  readonly weight: number;
  readonly start: () => void;
}

/** What the limiter has done, for metrics. */
export interface LimiterStats {
  requests: number;
  weightUsed: number;
  rateLimited: number;
  pausedUntil: number;
  queued: number;
  inFlight: number;
}

/**
 * The one gate every snapshot request of an exchange goes through. It counts the weight of what it started in a
 * sliding window, believes the exchange's own used-weight figure when that is higher, sends nothing while a
 * 429/418 Retry-After window is open, and otherwise starts requests in arrival order as the budget allows, so a
 * resync storm over many symbols is spread over time instead of earning a ban.
 */
export class SnapshotLimiter {
  private readonly allowance: number;
  private readonly maxConcurrent: number;
  private readonly now: () => number;
  private readonly started: { at: number; weight: number }[] = [];
  private readonly queue: Waiter[] = [];
  private reported = { at: -Infinity, used: 0 };
  private inFlight = 0;
  private pausedUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  readonly stats: LimiterStats = { requests: 0, weightUsed: 0, rateLimited: 0, pausedUntil: 0, queued: 0, inFlight: 0 };

  constructor(private readonly options: SnapshotLimiterOptions) {
    this.allowance = Math.max(1, Math.floor(options.budget.limit * (options.share ?? 0.8)));
    this.maxConcurrent = options.maxConcurrent ?? 4;
    this.now = options.now ?? Date.now;
  }

  /** Runs `task` once the budget allows a request of `weight`; rejects with the signal's reason if aborted while queued. */
  async run<T extends { usedWeight?: number }>(weight: number, signal: AbortSignal, task: () => Promise<T>, _priority: SnapshotPriority = 'initial'): Promise<T> {
    await this.acquire(weight, signal);
    try {
      const result = await task();
      if (result.usedWeight !== undefined) this.observeUsedWeight(result.usedWeight);
      return result;
    } catch (error) {
      if (error instanceof SnapshotError && (error.reason === 'rate-limited' || error.reason === 'banned')) {
        this.stats.rateLimited++;
        this.pause(error.retryAfterMs ?? this.options.defaultPauseMs ?? 60_000);
      }
      throw error;
    } finally {
      this.inFlight--;
      this.stats.inFlight = this.inFlight;
      this.pump();
    }
  }

  /** Records the exchange's figure for weight used in the current window. */
  observeUsedWeight(used: number): void {
    this.reported = { at: this.now(), used };
  }

  /** Sends nothing for `ms` (a Retry-After window). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.stats.pausedUntil = this.pausedUntil;
  }

  /** Weight this limiter believes is used in the current window. */
  usedWeight(): number {
    const now = this.now();
    const windowStart = now - this.options.budget.windowMs;
    while (this.started.length > 0 && (this.started[0] as { at: number }).at <= windowStart) this.started.shift();
    let own = 0;
    let sinceReport = 0;
    for (const s of this.started) {
      own += s.weight;
      if (s.at > this.reported.at) sinceReport += s.weight;
    }
    const reported = this.reported.at > windowStart ? this.reported.used + sinceReport : 0;
    return Math.max(own, reported);
  }

  private acquire(weight: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const waiter: Waiter = {
        weight,
        start: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        this.stats.queued = this.queue.length;
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.stats.queued = this.queue.length;
      this.pump();
    });
  }

  private pump(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    while (this.queue.length > 0 && this.inFlight < this.maxConcurrent) {
      const now = this.now();
      if (now < this.pausedUntil) return this.wake(this.pausedUntil - now);
      const next = this.queue[0] as Waiter;
      const used = this.usedWeight();
      // A request heavier than the whole allowance still goes, alone, once nothing else is counted.
      if (used + next.weight > this.allowance && !(next.weight > this.allowance && used === 0)) {
        return this.wake(this.untilRoomFor(next.weight, used));
      }
      this.queue.shift();
      this.stats.queued = this.queue.length;
      this.started.push({ at: now, weight: next.weight });
      this.inFlight++;
      this.stats.inFlight = this.inFlight;
      this.stats.requests++;
      this.stats.weightUsed += next.weight;
      next.start();
    }
  }

  /** How long until the oldest counted requests leave the window and free enough weight. */
  private untilRoomFor(weight: number, used: number): number {
    const windowMs = this.options.budget.windowMs;
    const now = this.now();
    if (this.reported.at + windowMs > now && this.reported.used + weight > this.allowance) {
      return this.reported.at + windowMs - now + 1;
    }
    let freed = 0;
    for (const s of this.started) {
      freed += s.weight;
      if (used - freed + weight <= this.allowance) return Math.max(1, s.at + windowMs - now + 1);
    }
    return windowMs;
  }

  private wake(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, ms);
    this.timer.unref();
  }
}
