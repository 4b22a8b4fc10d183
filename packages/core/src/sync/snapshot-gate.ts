import type { WeightReport } from './connector.js';
import type { LimiterStats, SnapshotPriority } from './snapshot-limiter.js';

/**
 * What a MarketFeed routes every REST snapshot through: one gate per exchange budget. SnapshotLimiter is the real
 * one; a process that keeps one budget's books in several threads gives each thread a gate that asks the one
 * limiter for permits, so the budget stays one budget.
 */
export interface SnapshotGate {
  /** Runs `task` once the budget allows a request of `weight` at `priority`; rejects with the signal's reason if aborted while queued. */
  run<T extends WeightReport>(weight: number, signal: AbortSignal, task: () => Promise<T>, priority?: SnapshotPriority): Promise<T>;
  /** What the gate has done, for metrics. */
  readonly stats: Readonly<LimiterStats>;
  /** Weight believed used in the exchange's current window. */
  usedWeight(): number;
  /** About how long until every request queued now has started. */
  drainEstimateMs(): number;
}
