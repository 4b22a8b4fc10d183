import os from 'node:os';
import { runCannon } from '../api-load/children.js';
import { percentile } from '../api-load/load-stats.js';
import { FreshnessProbe } from './freshness-probe.js';
import { startLob, type LobProcess } from './lob-process.js';
import { cpuSeconds, residentBytes } from './process-figures.js';
import { configFor, startSimVenues, type SimVenue } from './sim-venues.js';

/** The worker-threads benchmark's name for --filter. */
export const WORKERS_LOAD_TASK = 'workers-load/serve/workers-1,workers-2';

/** How big and how long. */
export interface WorkersLoadPlan {
  /** Simulated Binance spot symbols. */
  readonly books: number;
  /** The simulator's tick: each symbol changes about once a tick. */
  readonly tickMs: number;
  readonly windowSec: number;
  readonly warmUpSec: number;
  /** Worker counts compared, side by side. */
  readonly workers: readonly number[];
  /** Books whose changes are timed over /stream (spread evenly over the symbols, so over the workers). */
  readonly probed: number;
  readonly connections: number;
  /** Longest wait for every book to be live; the windows are then measured with the books live so far. */
  readonly liveTimeoutSec: number;
}

/**
 * The full run: 1 500 symbols each changing about every 250 ms (6 000 updates/s, the order of Binance spot's
 * whole-market diff stream at 100 ms), plus the other venues' demo markets. The quick run (CI's smoke test) is small
 * and short.
 */
export function workersLoadPlan(quick: boolean): WorkersLoadPlan {
  return quick
    ? { books: 60, tickMs: 250, windowSec: 1, warmUpSec: 0.5, workers: [1, 2], probed: 20, connections: 4, liveTimeoutSec: 60 }
    : { books: 1_500, tickMs: 250, windowSec: 10, warmUpSec: 3, workers: [1, 2], probed: 60, connections: 10, liveTimeoutSec: 240 };
}

/** One worker count's figures. */
export interface WorkersRun {
  readonly workers: number;
  readonly books: number;
  /** Books live when the windows began (all of them unless the wait timed out), and how long it took. */
  readonly live: number;
  readonly secondsToLive: number;
  readonly updatesPerSec: number;
  /** CPU of the whole process, in cores (1 = one core busy), and of its main thread alone. */
  readonly cpuCores: number | undefined;
  readonly mainThreadCores: number | undefined;
  readonly freshnessP50Ms: number;
  readonly freshnessP99Ms: number;
  readonly loadedFreshnessP99Ms: number;
  readonly loadedRequestsPerSec: number;
  readonly rssBytes: number | undefined;
  /** The machine's 1-minute load average at the end of the idle window: other jobs' share of the cores. */
  readonly loadAverage: number;
}

/** The benchmark's report. */
export interface WorkersLoadReport {
  readonly plan: WorkersLoadPlan;
  readonly cores: number;
  readonly runs: readonly WorkersRun[];
}

interface StatusBody {
  readonly books: readonly { readonly state: string; readonly updatesApplied: number }[];
}

async function status(url: string): Promise<StatusBody | undefined> {
  const res = await fetch(`${url}/status`).catch(() => undefined);
  return res?.status === 200 ? ((await res.json()) as StatusBody) : undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits for every book to be live (a cold start of many Binance books waits out the weight budget), at most
 * `timeoutSec`; returns how many are live and the seconds it took.
 */
async function allLive(lob: LobProcess, books: number, timeoutSec: number, progress: (text: string) => void): Promise<{ live: number; seconds: number }> {
  const started = performance.now();
  let told = 0;
  for (;;) {
    const body = await status(lob.url);
    const live = body?.books.filter((b) => b.state === 'live').length ?? 0;
    const seconds = (performance.now() - started) / 1000;
    if (body !== undefined && (live === books || seconds > timeoutSec)) {
      if (live < books) progress(`workers-load: ${books - live} of ${books} books still not live after ${timeoutSec} s: measuring with ${live} live`);
      return { live, seconds };
    }
    if (seconds - told >= 15) {
      told = seconds;
      progress(`workers-load: ${live} of ${books} books live after ${seconds.toFixed(0)} s (snapshots paced by the weight budget)`);
    }
    await sleep(500);
  }
}

/** Applied updates over every book, as /status tells them. */
async function updates(url: string): Promise<number> {
  return (await status(url))?.books.reduce((n, b) => n + b.updatesApplied, 0) ?? NaN;
}

/** Runs lob with `workers` threads over the simulators and measures it idle, then under an API flood. */
async function measure(plan: WorkersLoadPlan, binance: SimVenue, config: string, books: number, workers: number, progress: (text: string) => void): Promise<WorkersRun> {
  const lob = await startLob(config, workers);
  const step = Math.max(1, Math.floor(binance.symbols.length / plan.probed));
  const probedSymbols = binance.symbols.filter((_, i) => i % step === 0).slice(0, plan.probed);
  let probe: FreshnessProbe | undefined;
  try {
    progress(`workers-load: --workers ${workers}: ${books} books, waiting for them to be live`);
    const { live, seconds: secondsToLive } = await allLive(lob, books, plan.liveTimeoutSec, progress);
    probe = new FreshnessProbe(lob.url, 'binance-spot', probedSymbols);
    await probe.opened;
    await sleep(plan.warmUpSec * 1000);

    progress(`workers-load: --workers ${workers}: idle for ${plan.windowSec} s`);
    const [cpu0, main0, updates0, t0] = [cpuSeconds(lob.pid), cpuSeconds(lob.pid, lob.pid), await updates(lob.url), performance.now()];
    probe.start();
    await sleep(plan.windowSec * 1000);
    const idle = probe.stop();
    const [cpu1, main1, updates1, t1] = [cpuSeconds(lob.pid), cpuSeconds(lob.pid, lob.pid), await updates(lob.url), performance.now()];
    const rssBytes = residentBytes(lob.pid);
    const loadAverage = os.loadavg()[0] ?? NaN;
    const wall = (t1 - t0) / 1000;

    progress(`workers-load: --workers ${workers}: GET /books/…?depth=all flooded for ${plan.windowSec} s, ${plan.connections} connections`);
    const paths = binance.symbols.map((s) => `/books/binance-spot/${s}?depth=all`);
    const figures = await runCannon(lob.url, paths, plan.connections, plan.windowSec, () => probe?.start());
    const loaded = probe.stop();
    const cores = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined || b === undefined ? undefined : (b - a) / wall);
    return {
      workers,
      books,
      live,
      secondsToLive,
      updatesPerSec: (updates1 - updates0) / wall,
      cpuCores: cores(cpu0, cpu1),
      mainThreadCores: cores(main0, main1),
      freshnessP50Ms: percentile(idle, 50),
      freshnessP99Ms: percentile(idle, 99),
      loadedFreshnessP99Ms: percentile(loaded, 99),
      loadedRequestsPerSec: figures.requests / figures.durationSec,
      rssBytes,
      loadAverage,
    };
  } finally {
    probe?.close();
    await lob.stop();
  }
}

/**
 * The worker-threads benchmark: the simulators in their own process, `lob serve --workers N` in another (as users run
 * it), autocannon in a third; for each worker count, updates/s, CPU, freshness p99 over /stream idle and under an
 * API flood, and memory per book.
 */
export async function runWorkersLoad(plan: WorkersLoadPlan, progress: (text: string) => void): Promise<WorkersLoadReport> {
  const runs: WorkersRun[] = [];
  for (const workers of plan.workers) {
    // Fresh simulators for each run: the exchange's used-weight figure of the minute must not carry the previous run's snapshots.
    const sims = await startSimVenues(plan.books, plan.tickMs);
    try {
      const binance = sims.venues.find((v) => v.market === 'binance-spot') as SimVenue;
      const books = sims.venues.reduce((n, v) => n + v.symbols.length, 0);
      runs.push(await measure(plan, binance, configFor(sims.venues), books, workers, progress));
    } finally {
      await sims.stop();
    }
  }
  return { plan, cores: os.availableParallelism(), runs };
}
