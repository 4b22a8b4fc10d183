import type { Registry } from 'prom-client';
import { registerScraped } from '../metrics/scraped-metric.js';
import type { ShardFigures } from './shard-worker.js';

/**
 * Registers the per-worker metrics (label `worker`), read at scrape time from what each worker last reported:
 * event-loop lag and utilization, CPU seconds, books, updates, restarts.
 */
export function registerWorkerMetrics(registry: Registry, figures: () => readonly ShardFigures[]): void {
  const each = (kind: 'counter' | 'gauge', name: string, help: string, read: (f: ShardFigures) => number | undefined): void =>
    registerScraped(registry, kind, name, help, ['worker'], (put) => {
      for (const f of figures()) {
        const value = read(f);
        if (value !== undefined) put({ worker: String(f.worker) }, value);
      }
    });
  each('gauge', 'lob_worker_up', 'Whether the worker thread is running (0 between a crash and its restart)', (f) => (f.alive ? 1 : 0));
  each('gauge', 'lob_worker_books', 'Books the worker thread keeps', (f) => f.books);
  each('counter', 'lob_worker_updates_total', "Updates of the worker's books applied to their copies on the main thread", (f) => f.updates);
  each('counter', 'lob_worker_restarts_total', 'Times the worker thread died and was restarted', (f) => f.restarts);
  each(
    'counter',
    'lob_worker_cpu_seconds_total',
    "CPU seconds of the worker thread over all its lives (its event loop's busy time where Node cannot tell a thread's CPU, before 23.9)",
    (f) => f.cpuSecondsBefore + (f.thread?.cpuSeconds ?? 0),
  );
  each('gauge', 'lob_worker_event_loop_utilization', "Share of time the worker's event loop was busy since it started (0..1)", (f) => f.thread?.loopUtilization);
  each('gauge', 'lob_worker_event_loop_lag_p99_seconds', "p99 of the worker's event-loop delay over its last report interval", (f) =>
    f.thread === undefined ? undefined : f.thread.loopLagP99Ms / 1000,
  );
  each('gauge', 'lob_worker_heap_used_bytes', "The worker thread's V8 heap in use", (f) => f.thread?.heapUsedBytes);
}
