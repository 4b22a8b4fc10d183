import { SnapshotError } from '../errors.js';
import type { WeightBudget, WeightReport } from './connector.js';
import type { SnapshotGate } from './snapshot-gate.js';
import { WeightLedger, type Charge } from './weight-ledger.js';

/** Tuning of the shared snapshot limiter. */
export interface SnapshotLimiterOptions {
  /** The exchange's budget (weight per window). */
  readonly budget: WeightBudget;
  /** Fraction of the budget this process may use, leaving room for other clients on the same IP (default 0.8). */
  readonly share?: number;
  /**
   * Fraction of that allowance background refreshes may fill (default 0.5): a refresh starts only while the weight
   * used, its own included, stays under it, so gap resyncs and cold starts always find the rest.
   */
  readonly refreshShare?: number;
  /** Requests in flight at once (default 4); refreshes leave one of them free. */
  readonly maxConcurrent?: number;
  /** Pause after a 429/418 whose Retry-After was missing or not a number (default 60 s). */
  readonly defaultPauseMs?: number;
  /** Shortest pause after a 429/418, whatever its Retry-After said, 0 included (default 1 s). */
  readonly minPauseMs?: number;
  /**
   * Asks the exchange for its used-weight figure with a request of weight 1 (a connector's probeUsedWeight). Used
   * when the queue is blocked by counts whose end the limiter can only guess (no server time known).
   */
  readonly probe?: (signal: AbortSignal) => Promise<WeightReport>;
  /** Least time between two probes, and between a figure from the exchange and a probe (default 5 s). */
  readonly probeIntervalMs?: number;
  /** Extra wait past the end of the exchange's window, as its clock tells, before it counts as over (default 500 ms). */
  readonly clockMarginMs?: number;
  readonly now?: () => number;
}

/**
 * Which snapshots go first when the budget is short: a live book's gap resync, then cold starts and quiet symbols,
 * then background refreshes of books that are still live.
 */
export type SnapshotPriority = 'resync' | 'initial' | 'refresh';

/** Highest priority first. */
const PRIORITIES: readonly SnapshotPriority[] = ['resync', 'initial', 'refresh'];

/** Weight of one probe. */
const PROBE_WEIGHT = 1;

interface Waiter {
  readonly weight: number;
  readonly priority: SnapshotPriority;
  readonly start: (charge: Charge) => void;
}

/** What the limiter has done, for metrics. */
export interface LimiterStats {
  requests: number;
  weightUsed: number;
  rateLimited: number;
  pausedUntil: number;
  queued: number;
  inFlight: number;
  /** Requests of weight 1 sent to learn the exchange's figure. */
  probes: number;
}

/**
 * The one gate every snapshot request of an exchange goes through. It counts what it started and believes the
 * exchange's used-weight figure when that is higher (a WeightLedger: fixed windows of the exchange's clock when
 * answers tell it, a sliding window otherwise), asks the exchange with a weight-1 probe rather than wait out a
 * figure it cannot date, sends nothing while a 429/418 Retry-After window is open, and otherwise starts requests
 * by priority, in arrival order within one, as the budget allows, so a resync storm over many symbols is spread
 * over time instead of earning a ban.
 */
export class SnapshotLimiter implements SnapshotGate {
  private readonly allowance: number;
  private readonly refreshAllowance: number;
  private readonly maxConcurrent: number;
  private readonly probeIntervalMs: number;
  private readonly now: () => number;
  private readonly ledger: WeightLedger;
  private readonly queues: Record<SnapshotPriority, Waiter[]> = { resync: [], initial: [], refresh: [] };
  private inFlight = 0;
  private pausedUntil = 0;
  private probing = false;
  private lastProbeAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  readonly stats: LimiterStats = { requests: 0, weightUsed: 0, rateLimited: 0, pausedUntil: 0, queued: 0, inFlight: 0, probes: 0 };

  constructor(private readonly options: SnapshotLimiterOptions) {
    this.allowance = Math.max(1, Math.floor(options.budget.limit * (options.share ?? 0.8)));
    this.refreshAllowance = Math.max(1, Math.floor(this.allowance * (options.refreshShare ?? 0.5)));
    this.maxConcurrent = options.maxConcurrent ?? 4;
    this.probeIntervalMs = options.probeIntervalMs ?? 5_000;
    this.now = options.now ?? Date.now;
    this.ledger = new WeightLedger({
      windowMs: options.budget.windowMs,
      now: this.now,
      ...(options.clockMarginMs === undefined ? {} : { clockMarginMs: options.clockMarginMs }),
    });
  }

  /** Runs `task` once the budget allows a request of `weight` at `priority`; rejects with the signal's reason if aborted while queued. */
  async run<T extends WeightReport>(weight: number, signal: AbortSignal, task: () => Promise<T>, priority: SnapshotPriority = 'initial'): Promise<T> {
    const charge = await this.acquire(weight, signal, priority);
    try {
      const result = await task();
      this.ledger.answered(charge, result);
      return result;
    } catch (error) {
      this.ledger.answered(charge, {});
      this.onFailure(error);
      throw error;
    } finally {
      this.inFlight--;
      this.stats.inFlight = this.inFlight;
      this.pump();
    }
  }

  /** Records the exchange's figure for weight used in its current window (with its clock, when known). */
  observeUsedWeight(used: number, serverTime?: number): void {
    this.ledger.observe(used, serverTime);
    this.pump();
  }

  /** Sends nothing for `ms` (a Retry-After window). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.stats.pausedUntil = this.pausedUntil;
  }

  /** Weight this limiter believes is used in the current window. */
  usedWeight(): number {
    return this.ledger.used();
  }

  /**
   * About how long until every request queued now has started, at this limiter's allowance: what is left of the
   * current window if the queue fits in it, plus a whole window for each further allowance's worth of weight, plus
   * any open Retry-After pause. An estimate for people watching a cold start, not a promise.
   */
  drainEstimateMs(): number {
    let queuedWeight = 0;
    for (const priority of PRIORITIES) for (const waiter of this.queues[priority]) queuedWeight += waiter.weight;
    if (queuedWeight === 0) return 0;
    const now = this.now();
    const paused = Math.max(0, this.pausedUntil - now);
    const free = Math.max(0, this.allowance - this.ledger.used());
    if (queuedWeight <= free) return paused;
    const windows = Math.ceil((queuedWeight - free) / this.allowance);
    return paused + windows * this.options.budget.windowMs;
  }

  /**
   * How long a 429/418 stops every request: its Retry-After, but at least minPauseMs (a "0" must not mean "knock
   * again now": requests inside the window are what earns a ban), and defaultPauseMs when it gave none we can read.
   * This is the one place the floor is applied; connectors report the header as they read it.
   */
  private pauseAfter(error: SnapshotError): number {
    const retryAfter = error.retryAfterMs;
    if (retryAfter === undefined || !Number.isFinite(retryAfter) || retryAfter < 0) return this.options.defaultPauseMs ?? 60_000;
    return Math.max(retryAfter, this.options.minPauseMs ?? 1_000);
  }

  private onFailure(error: unknown): void {
    if (error instanceof SnapshotError && (error.reason === 'rate-limited' || error.reason === 'banned')) {
      this.stats.rateLimited++;
      this.pause(this.pauseAfter(error));
    }
  }

  private acquire(weight: number, signal: AbortSignal, priority: SnapshotPriority): Promise<Charge> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const queue = this.queues[priority];
      const waiter: Waiter = {
        weight,
        priority,
        start: (charge) => {
          signal.removeEventListener('abort', onAbort);
          resolve(charge);
        },
      };
      const onAbort = (): void => {
        const i = queue.indexOf(waiter);
        if (i >= 0) queue.splice(i, 1);
        this.countQueued();
        reject(signal.reason);
        this.pump();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
      this.countQueued();
      this.pump();
    });
  }

  private pump(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    for (;;) {
      const next = this.head();
      if (next === undefined) return;
      const now = this.now();
      if (now < this.pausedUntil) return this.wake(this.pausedUntil - now);
      const refresh = next.priority === 'refresh';
      // A refresh leaves a slot and part of the budget to the books that are not live.
      if (this.inFlight >= (refresh ? Math.max(1, this.maxConcurrent - 1) : this.maxConcurrent)) return;
      const allowance = refresh ? this.refreshAllowance : this.allowance;
      const room = this.ledger.roomFor(next.weight, allowance);
      if (room.at > now) return this.waitForRoom(room.at, room.sure);
      this.queues[next.priority].shift();
      this.countQueued();
      const charge = this.ledger.start(next.weight);
      this.inFlight++;
      this.stats.inFlight = this.inFlight;
      this.stats.requests++;
      this.stats.weightUsed += next.weight;
      next.start(charge);
    }
  }

  /** The first waiter of the highest priority that has one. */
  private head(): Waiter | undefined {
    for (const priority of PRIORITIES) {
      const first = this.queues[priority][0];
      if (first !== undefined) return first;
    }
    return undefined;
  }

  /**
   * Blocked until `at`. When that is a guess (no server clock to date the counts by), asks the exchange instead,
   * once per probeIntervalMs at most and never right after it told us a figure.
   */
  private waitForRoom(at: number, sure: boolean): void {
    const now = this.now();
    let wakeAt = at + 1; // just after the last count leaves
    if (!sure && this.options.probe !== undefined) {
      const probeAt = Math.max(this.lastProbeAt, this.ledger.lastReportAt) + this.probeIntervalMs;
      if (probeAt <= now) this.startProbe();
      else wakeAt = Math.min(wakeAt, probeAt);
    }
    this.wake(Math.max(1, wakeAt - now));
  }

  private startProbe(): void {
    const probe = this.options.probe;
    // One at a time; and none that would itself go over the exchange's limit, as far as we know it.
    if (probe === undefined || this.probing || this.ledger.used() + PROBE_WEIGHT > this.options.budget.limit) return;
    this.probing = true;
    this.lastProbeAt = this.now();
    this.stats.probes++;
    const charge = this.ledger.start(PROBE_WEIGHT);
    // The connector's own request timeout bounds it; nothing here needs to cancel it.
    void probe(new AbortController().signal).then(
      (report) => this.ledger.answered(charge, report),
      (error: unknown) => {
        this.ledger.answered(charge, {});
        this.onFailure(error);
      },
    ).finally(() => {
      this.probing = false;
      this.pump();
    });
  }

  private countQueued(): void {
    this.stats.queued = this.queues.resync.length + this.queues.initial.length + this.queues.refresh.length;
  }

  private wake(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, ms);
    this.timer.unref();
  }
}
