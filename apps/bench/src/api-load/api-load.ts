import { startSimProcess, runCannon } from './children.js';
import { allLive, startLoadServer } from './load-server.js';
import { FRESHNESS_LIMIT, bestOfRounds, loadPasses, percentile, targetResult, type ApiLoadReport, type LoadTargetResult } from './load-stats.js';

/** Seconds of unmeasured load per endpoint before the windows. */
const WARM_UP_SEC = 1;

/** The load test's name for --filter. */
export const API_LOAD_TASK = 'api-load/http/depth-20,depth-all,metrics';

/** How big and how long: the quick run is CI's smoke test (about 30 s), the full one a measurement (2 rounds: about 2.5 min). */
export interface ApiLoadPlan {
  readonly books: number;
  readonly tickMs: number;
  readonly windowSec: number;
  readonly connections: number;
  /** Idle-then-loaded pairs per endpoint; each endpoint's figure is its best (bestOfRounds). */
  readonly rounds: number;
}

/** The plan of a quick or a full run. */
export function apiLoadPlan(quick: boolean, rounds = 1): ApiLoadPlan {
  return { books: 200, tickMs: 100, windowSec: quick ? 3 : 10, connections: 10, rounds };
}

/** The endpoints loaded, each over every book in turn where it names a book. */
function targets(symbols: readonly string[]): { target: string; paths: string[] }[] {
  return [
    { target: 'GET /books/…?depth=20', paths: symbols.map((s) => `/books/binance-spot/${s}?depth=20`) },
    { target: 'GET /books/…?depth=all', paths: symbols.map((s) => `/books/binance-spot/${s}?depth=all`) },
    { target: 'GET /metrics', paths: ['/metrics'] },
  ];
}

/**
 * The API load test: a simulated Binance of `books` symbols in its own process, lob's feed and API in this one (as
 * `lob serve --http` runs), autocannon in a third; for each endpoint in turn, book freshness p99 in an idle window, then
 * under load on that endpoint for as long.
 */
export async function runApiLoad(plan: ApiLoadPlan, progress: (text: string) => void): Promise<ApiLoadReport> {
  const sim = await startSimProcess(plan.books, plan.tickMs);
  let recording: number[] | undefined;
  const server = await startLoadServer(sim, (lag) => recording?.push(lag)).catch(async (error: unknown) => {
    await sim.stop();
    throw error;
  });
  try {
    progress(`api-load: ${plan.books} books from the simulator, waiting for them to be live`);
    await allLive(server.feed, 60_000);
    // Unmeasured: the JIT compiles the routes and the feed settles after 200 books went live at once (the first
    // refreshes of their snapshots); a first window without this ran at a fifth of the rate of a later one.
    progress(`api-load: warming up, ${WARM_UP_SEC} s per endpoint`);
    for (const { paths } of targets(sim.symbols)) await runCannon(server.url, paths, plan.connections, WARM_UP_SEC, () => undefined);
    const idle: number[] = [];
    const rows: LoadTargetResult[] = [];
    for (const { target, paths } of targets(sim.symbols)) {
      const tries: LoadTargetResult[] = [];
      for (let round = 1; round <= plan.rounds; round++) {
        progress(`api-load: round ${round}/${plan.rounds}: idle for ${plan.windowSec} s, then ${target} for ${plan.windowSec} s, ${plan.connections} connections`);
        const quiet: number[] = (recording = []);
        const idleStart = performance.eventLoopUtilization();
        await new Promise((resolve) => setTimeout(resolve, plan.windowSec * 1000));
        const idleLoopBusy = performance.eventLoopUtilization(idleStart).utilization;
        recording = undefined;
        idle.push(...quiet);
        let loadStart = performance.eventLoopUtilization();
        const figures = await runCannon(server.url, paths, plan.connections, plan.windowSec, () => {
          recording = [];
          loadStart = performance.eventLoopUtilization();
        });
        const loopBusy = performance.eventLoopUtilization(loadStart).utilization;
        const loaded = recording ?? [];
        recording = undefined;
        tries.push({ ...targetResult(target, paths[0] as string, figures, loaded, quiet), idleLoopBusy, loopBusy });
      }
      rows.push(bestOfRounds(tries));
    }
    return {
      books: plan.books,
      updatesPerSec: idle.length / (plan.windowSec * rows.length * plan.rounds),
      windowSec: plan.windowSec,
      connections: plan.connections,
      rounds: plan.rounds,
      idle: { freshnessP99Ms: percentile(idle, 99), freshnessP50Ms: percentile(idle, 50), samples: idle.length },
      targets: rows,
      limit: FRESHNESS_LIMIT,
      pass: loadPasses(rows),
    };
  } finally {
    await server.close();
    await sim.stop();
  }
}
