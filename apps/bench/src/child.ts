// One contender's process: runs its selected tasks and sends the results to the parent over IPC. Each book
// gets a process of its own so the JIT only ever sees one book class (as in production) and so heaps and
// GC history do not leak from one contender into the next.
import { contender } from './contenders.js';
import { FULL_BUDGET, QUICK_BUDGET } from './measure/budget.js';
import { canCollect } from './measure/gc.js';
import { selectTasks } from './measure/tasks.js';
import { progress, formatTaskLine } from './report/progress.js';
import type { ContenderRun, MemoryResult, RunOptions, TaskResult } from './report/types.js';
import { FULL_SCALE, QUICK_SCALE, workloadCatalog } from './workloads/catalog.js';
import { findRecordings } from './workloads/recording-files.js';
import { VENUE_RECORDINGS, recordingsDir } from './workloads/venue-recording.js';

/** Where the selected tasks' recordings came from, for the report: Binance's source, then the connectors' folders. */
async function recordingSources(kinds: readonly string[]): Promise<string | undefined> {
  const sources = [
    ...(kinds.includes('recorded') ? [(await findRecordings()).source] : []),
    ...(kinds.includes('venue') ? VENUE_RECORDINGS.map(recordingsDir) : []),
  ];
  return sources.length === 0 ? undefined : sources.join('; ');
}

async function main(): Promise<void> {
  const [id, optionsJson] = process.argv.slice(2);
  const options = JSON.parse(optionsJson ?? '{}') as RunOptions;
  const c = contender(id ?? '');
  if (!canCollect) progress(`${c.id}: running without --expose-gc: timed parts do not start after a full GC and memory is not measured`);
  const budget = options.quick ? QUICK_BUDGET : FULL_BUDGET;
  const catalog = workloadCatalog(options.quick ? QUICK_SCALE : FULL_SCALE);
  const selected = selectTasks(c, catalog, options.filter);
  const tasks: TaskResult[] = [];
  const memory: MemoryResult[] = [];
  const started = performance.now();
  for (const [index, task] of selected.entries()) {
    if (task.memory && !canCollect) continue;
    const loadStart = performance.now();
    const workload = await task.workload.load();
    const loadMs = performance.now() - loadStart;
    if (loadMs > 50) progress(`${c.id}: loaded ${workload.name} in ${(loadMs / 1000).toFixed(1)} s`);
    const taskStart = performance.now();
    const out = await task.run(workload, budget);
    if (out.task !== undefined) tasks.push(out.task);
    if (out.memory !== undefined) memory.push(out.memory);
    progress(formatTaskLine(`${c.id} ${index + 1}/${selected.length}`, task.name, out, performance.now() - taskStart));
    // The next task on another workload should not run beside this one's data.
    if (selected[index + 1]?.workload !== task.workload) task.workload.release();
  }
  const recordings = await recordingSources(selected.map((t) => t.workload.kind));
  const run: ContenderRun = {
    contender: c.id,
    label: c.label,
    kind: c.kind,
    tasks,
    memory,
    recordings,
    seconds: (performance.now() - started) / 1000,
  };
  const send = process.send?.bind(process);
  // Run by hand (not forked): print the results instead.
  if (send === undefined) return void process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
  await new Promise<void>((resolve, reject) => send(run, undefined, undefined, (error: Error | null) => (error ? reject(error) : resolve())));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    progress(`child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
