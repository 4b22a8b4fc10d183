import type { ResyncCause, SyncStats } from '@lob/core';

const COUNTER_KEYS = ['updatesApplied', 'levelsApplied', 'staleDropped', 'snapshotsFetched', 'refreshes', 'bufferDropped'] as const;

/** The counters of a book's sync, without its times: what a replaced sync leaves to its successor. */
export type SyncCounters = Pick<SyncStats, (typeof COUNTER_KEYS)[number] | 'resyncs'>;

/** Counters of nothing yet. */
export const NO_COUNTERS: SyncCounters = { updatesApplied: 0, levelsApplied: 0, staleDropped: 0, snapshotsFetched: 0, refreshes: 0, bufferDropped: 0, resyncs: {} };

/** A copy of the counters in `stats`, to carry over when the sync that counted them is replaced. */
export function countersOf(stats: Readonly<SyncStats>): SyncCounters {
  const out: SyncCounters = { ...NO_COUNTERS, resyncs: { ...stats.resyncs } };
  for (const key of COUNTER_KEYS) out[key] = stats[key];
  return out;
}

/** Sets `into`'s counters to `earlier`'s plus `current`'s (resyncs cause by cause), so they never go back; times are left alone. */
export function addCounters(into: SyncStats, earlier: SyncCounters, current: Readonly<SyncStats>): void {
  for (const key of COUNTER_KEYS) into[key] = earlier[key] + current[key];
  const resyncs: SyncStats['resyncs'] = { ...earlier.resyncs };
  for (const [cause, n] of Object.entries(current.resyncs) as [ResyncCause, number][]) resyncs[cause] = (resyncs[cause] ?? 0) + n;
  into.resyncs = resyncs;
}
