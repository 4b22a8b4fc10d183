import type { MarketSource } from './market-source.js';

/** How far the books are from all being live: what a cold start of many books shows while it works through them. */
export interface StartupProgress {
  /** Books live now. */
  readonly live: number;
  /** Books that can be live: every book but those the exchange does not know. */
  readonly total: number;
  /** Snapshot requests waiting for the REST budget, over every venue. */
  readonly snapshotsQueued: number;
  /**
   * About how long until every queued snapshot has been asked for, at the venues' budgets (ms); 0 when nothing
   * waits for a budget. Books whose snapshots come in the stream wait for no budget.
   */
  readonly etaMs: number;
}

/** Reads where a cold start stands from the feeds. */
export function startupProgress(sources: readonly MarketSource[]): StartupProgress {
  let live = 0;
  let total = 0;
  let snapshotsQueued = 0;
  let etaMs = 0;
  for (const source of sources) {
    for (const view of source.books()) {
      if (view.state === 'invalid') continue;
      total++;
      if (view.state === 'live') live++;
    }
    if (source.limiter !== undefined) {
      snapshotsQueued += source.limiter.stats.queued;
      // Venues have budgets of their own and drain side by side: the slowest one sets the time left.
      etaMs = Math.max(etaMs, source.limiter.drainEstimateMs());
    }
  }
  return { live, total, snapshotsQueued, etaMs };
}

/** "120/400 books live, 280 snapshots queued, about 3 min left at the snapshot budget" (the queue part when any). */
export function describeProgress(progress: StartupProgress): string {
  const books = `${progress.live}/${progress.total} books live`;
  if (progress.snapshotsQueued === 0) return books;
  return `${books}, ${progress.snapshotsQueued} snapshots queued, about ${formatEta(progress.etaMs)} left at the snapshot budget`;
}

/** A duration for people: "40 s", "3 min", "1 h 5 min". */
export function formatEta(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
