// `nx run bench:run`: every contender in its own process, one after the other, then the table and reports.
import { fileURLToPath } from 'node:url';
import { parseOptions, USAGE } from './cli/options.js';
import { CONTENDERS } from './contenders.js';
import { selectTasks } from './measure/tasks.js';
import { bestOfRounds } from './report/best-of-rounds.js';
import { environment } from './report/environment.js';
import { progress } from './report/progress.js';
import { summarize } from './report/summarize.js';
import { renderTable } from './report/table.js';
import type { ContenderRun } from './report/types.js';
import { writeReport } from './report/write.js';
import { workloadCatalog } from './workloads/catalog.js';
import { runContender } from './run-contender.js';
import { API_LOAD_TASK, apiLoadPlan, runApiLoad } from './api-load/api-load.js';
import { matchesFilter } from './report/names.js';
import { WORKERS_LOAD_TASK, runWorkersLoad, workersLoadPlan } from './workers-load/workers-load.js';
import { BUS_TASK, busPlan, runBus } from './bus/run-bus.js';
import { FAILOVER_TASK, failoverPlan, runFailover } from './failover/failover.js';
import { ALLOC_TASK, allocFrames, runAllocations } from './alloc/allocations.js';
import { FRAME_BYTES_TASK, runFrameBytes } from './frame-bytes/frame-bytes.js';

/** Where a run's reports go: the committed full run at the top, smoke and filtered runs beside it. */
function resultsDir(quick: boolean, filter: string | undefined): string {
  const sub = quick ? 'quick/' : filter !== undefined ? 'filtered/' : '';
  return fileURLToPath(new URL(`../results/${sub}`, import.meta.url));
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) return void process.stdout.write(`${USAGE}\n`);
  const { help: _help, ...run } = options;
  const catalog = workloadCatalog();
  const selected = CONTENDERS.filter((c) => selectTasks(c, catalog, run.filter).length > 0);
  const withApiLoad = matchesFilter(API_LOAD_TASK, run.filter);
  const withWorkersLoad = matchesFilter(WORKERS_LOAD_TASK, run.filter);
  const withBus = matchesFilter(BUS_TASK, run.filter);
  const withFailover = matchesFilter(FAILOVER_TASK, run.filter);
  const withAllocations = matchesFilter(ALLOC_TASK, run.filter);
  const withFrameBytes = matchesFilter(FRAME_BYTES_TASK, run.filter);
  if (selected.length === 0 && !withApiLoad && !withWorkersLoad && !withBus && !withFailover && !withAllocations && !withFrameBytes) throw new Error(`--filter ${JSON.stringify(run.filter)} selects no task\n${USAGE}`);
  const env = environment();
  const started = performance.now();
  const rounds: ContenderRun[][] = [];
  // Round-robin, so a burst of outside load hits one round of a contender, not all of its rounds.
  for (let r = 0; r < run.rounds; r++) {
    const round: ContenderRun[] = [];
    for (const [i, c] of selected.entries()) {
      progress(`round ${r + 1}/${run.rounds}, contender ${i + 1}/${selected.length}: ${c.label}`);
      round.push(await runContender(c.id, run));
    }
    rounds.push(round);
  }
  // In this process, which has allocated nothing since it loaded: what the Binance pipelines allocate and collect.
  const allocations = withAllocations ? await runAllocations(catalog, allocFrames(run.quick), progress) : undefined;
  const frameBytes = withFrameBytes ? await runFrameBytes(catalog, run.quick ? 2 : 10, progress) : undefined;
  // After the contenders, alone on the machine: it times a server, a simulator and a load generator side by side.
  const apiLoad = withApiLoad ? await runApiLoad(apiLoadPlan(run.quick, run.rounds), progress) : undefined;
  // Alone too: lob as users run it, with and without worker threads, over many simulated books.
  const workersLoad = withWorkersLoad ? await runWorkersLoad(workersLoadPlan(run.quick), progress) : undefined;
  const bus = withBus ? await runBus(busPlan(run.quick), progress) : undefined;
  // Last, alone too: two lob processes, a simulator and nats-server; one lob is killed and its books move.
  const failover = withFailover ? await runFailover(failoverPlan(run.quick), progress) : undefined;
  const report = {
    ...summarize(env, run, bestOfRounds(rounds)),
    ...(allocations === undefined ? {} : { allocations }),
    ...(frameBytes === undefined ? {} : { frameBytes }),
    ...(apiLoad === undefined ? {} : { apiLoad }),
    ...(workersLoad === undefined ? {} : { workersLoad }),
    ...(bus === undefined ? {} : { bus }),
    ...(failover === undefined ? {} : { failover }),
  };
  const written = await writeReport(report, resultsDir(run.quick, run.filter));
  progress(`done in ${((performance.now() - started) / 1000).toFixed(1)} s; wrote ${[written.json, written.markdown, written.chart].filter(Boolean).join(', ')}`);
  process.stdout.write(run.json ? `${JSON.stringify(report, null, 2)}\n` : renderTable(report));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
