import type { SyncStats } from './sync-state.js';

/** Counters of a sync that has taken nothing in yet: every book view starts from these. */
export function emptySyncStats(): SyncStats {
  return {
    updatesApplied: 0,
    levelsApplied: 0,
    staleDropped: 0,
    snapshotsFetched: 0,
    refreshes: 0,
    bufferDropped: 0,
    resyncs: {},
    lastEventTime: 0,
    lastReceivedAt: 0,
    lastAppliedAt: 0,
  };
}
