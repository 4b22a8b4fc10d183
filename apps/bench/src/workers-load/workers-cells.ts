import type { WorkersLoadReport, WorkersRun } from './workers-load.js';

const fixed = (value: number | undefined, digits: number): string => (value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits));

/** The rows of the comparison: one per figure, a column per worker count, then each count's ratio to the first. */
export function workersLoadCells(report: WorkersLoadReport): string[][] {
  const [first] = report.runs;
  const rows: [string, (r: WorkersRun) => number | undefined, number][] = [
    ['books live when measured', (r) => r.live, 0],
    ['seconds until they were', (r) => r.secondsToLive, 1],
    ['updates/s applied (every venue)', (r) => r.updatesPerSec, 0],
    ['CPU, cores busy (whole process)', (r) => r.cpuCores, 2],
    ['CPU per core (of the machine)', (r) => (r.cpuCores === undefined ? undefined : r.cpuCores / report.cores), 2],
    ['CPU, cores busy (main thread)', (r) => r.mainThreadCores, 2],
    ['freshness p50 idle, ms (over /stream)', (r) => r.freshnessP50Ms, 1],
    ['freshness p99 idle, ms', (r) => r.freshnessP99Ms, 1],
    ['freshness p99 under API flood, ms', (r) => r.loadedFreshnessP99Ms, 1],
    ['  × idle (how much the API load moves it)', (r) => r.loadedFreshnessP99Ms / Math.max(1, r.freshnessP99Ms), 2],
    ['API requests/s served meanwhile', (r) => r.loadedRequestsPerSec, 0],
    ['memory: RSS MiB', (r) => (r.rssBytes === undefined ? undefined : r.rssBytes / 2 ** 20), 0],
    ['memory per book, KiB', (r) => (r.rssBytes === undefined ? undefined : r.rssBytes / r.books / 1024), 1],
    ['machine load average (1 min; simulators, lob, others)', (r) => r.loadAverage, 1],
  ];
  const header = ['figure', ...report.runs.map((r) => `--workers ${r.workers}`), ...report.runs.slice(1).map((r) => `${r.workers} vs 1`)];
  const body = rows.map(([name, read, digits]) => {
    const ratio = (r: WorkersRun): string => {
      const a = first === undefined ? undefined : read(first);
      const b = read(r);
      return a === undefined || b === undefined || a === 0 ? '-' : `${(b / a).toFixed(2)}×`;
    };
    return [name, ...report.runs.map((r) => fixed(read(r), digits)), ...report.runs.slice(1).map(ratio)];
  });
  return [header, ...body];
}

/** One line above the table. */
export function workersLoadTitle(report: WorkersLoadReport): string {
  const { plan } = report;
  const books = report.runs[0]?.books ?? plan.books;
  return (
    `lob serve --workers N, one process (${plan.books} simulated Binance spot symbols changing every ~${plan.tickMs} ms plus the other venues' demo markets: ` +
    `${books} books; ${report.cores} cores; ${plan.windowSec} s windows; freshness = this client's clock − event time over /stream diff, ${plan.probed} books; ` +
    `API flood: GET /books/…?depth=all, ${plan.connections} connections). Figures side by side, not verdicts`
  );
}
