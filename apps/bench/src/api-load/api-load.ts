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

/**
 * Sustained loads: heavy use within what lob's default limits let through (the per-client rate limit is 100 requests
 * a second, so 1 000 a second of depth=20 is ten busy clients; a Prometheus scrapes every few seconds, not ten times
 * a second). The verdict is theirs.
 */
const SUSTAINED = { depth20: 1000, depthAll: 100, metrics: 10 } as const;

/** One load: an endpoint over every book in turn where it names a book, at a sustained rate or as fast as it goes. */
interface LoadTarget {
  readonly target: string;
  readonly paths: string[];
  /** Requests per second over all connections; absent: a flood, each connection asking again at every answer. */
  readonly rate?: number;
}

/** The loads: each endpoint at its sustained rate, then flooded (figures beside the verdict, not in it). */
function targets(symbols: readonly string[]): LoadTarget[] {
  const depth20 = symbols.map((s) => `/books/binance-spot/${s}?depth=20`);
  const depthAll = symbols.map((s) => `/books/binance-spot/${s}?depth=all`);
  return [
    { target: `GET /books/…?depth=20 at ${SUSTAINED.depth20}/s`, paths: depth20, rate: SUSTAINED.depth20 },
    { target: `GET /books/…?depth=all at ${SUSTAINED.depthAll}/s`, paths: depthAll, rate: SUSTAINED.depthAll },
    { target: `GET /metrics at ${SUSTAINED.metrics}/s`, paths: ['/metrics'], rate: SUSTAINED.metrics },
    { target: 'GET /books/…?depth=20, flood', paths: depth20 },
    { target: 'GET /books/…?depth=all, flood', paths: depthAll },
    { target: 'GET /metrics, flood', paths: ['/metrics'] },
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
    for (const { paths, rate } of targets(sim.symbols)) await runCannon(server.url, paths, plan.connections, WARM_UP_SEC, () => undefined, rate);
    const idle: number[] = [];
    const rows: LoadTargetResult[] = [];
    for (const { target, paths, rate } of targets(sim.symbols)) {
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
        const figures = await runCannon(
          server.url,
          paths,
          plan.connections,
          plan.windowSec,
          () => {
            recording = [];
            loadStart = performance.eventLoopUtilization();
          },
          rate,
        );
        const loopBusy = performance.eventLoopUtilization(loadStart).utilization;
        const loaded = recording ?? [];
        recording = undefined;
        tries.push({ ...targetResult(target, paths[0] as string, figures, loaded, quiet), idleLoopBusy, loopBusy, flood: rate === undefined });
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
