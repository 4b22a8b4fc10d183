/** The API load test's figures, and the arithmetic that turns samples into them (pure: no I/O, no clock). */

/** How much the API may slow the books down: freshness p99 under load at most this many times its idle value. */
export const FRESHNESS_LIMIT = 2;

/**
 * Below this, freshness differences are the clock's resolution, not lag: exchange event times are whole
 * milliseconds, so an idle p99 of 0 or 1 ms is floored here before dividing by it.
 */
export const FRESHNESS_FLOOR_MS = 2;

/** One endpoint hammered for a window, and what the books did meanwhile. */
export interface LoadTargetResult {
  /** `depth=20`, `depth=all`, `/metrics`. */
  readonly target: string;
  readonly path: string;
  readonly requests: number;
  readonly requestsPerSec: number;
  /** Latency percentiles of the answers, ms. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Answers by class: only 2xx answers count as served; 429s are the rate limiter's and reported apart. */
  readonly ok: number;
  readonly rateLimited: number;
  /** 503s of lob's load shedding: heavy answers refused while its event loop was too busy. */
  readonly shed: number;
  readonly otherErrors: number;
  /** Book freshness (applied − the exchange's event time) p99 during the window, ms, and how many updates it covers. */
  readonly freshnessP99Ms: number;
  readonly freshnessSamples: number;
  /**
   * Freshness p99 in the idle window just before this one (same length): the machine's other work drifts over a
   * run, so each load is compared with the idle moment next to it.
   */
  readonly idleFreshnessP99Ms: number;
  /** freshnessP99Ms over idleFreshnessP99Ms (floored at FRESHNESS_FLOOR_MS). */
  readonly ratio: number;
  /**
   * Share of the window lob's event loop was busy (0–1), idle and loaded: near 1 under load, the API's own work
   * delays the books; well below, the delay is the machine's (other processes on the same cores).
   */
  readonly idleLoopBusy?: number;
  /** A flood (each connection asks again at every answer): reported beside the verdict, which is the sustained loads'. */
  readonly flood?: boolean;
  readonly loopBusy?: number;
}

/** The whole load test. */
export interface ApiLoadReport {
  readonly books: number;
  /** Updates per second the simulator sent over all books. */
  readonly updatesPerSec: number;
  readonly windowSec: number;
  readonly connections: number;
  /** Idle-then-loaded pairs per endpoint (the figure is the best, bestOfRounds). */
  readonly rounds: number;
  /** Every idle window together. */
  readonly idle: { readonly freshnessP99Ms: number; readonly freshnessP50Ms: number; readonly samples: number };
  readonly targets: readonly LoadTargetResult[];
  readonly limit: number;
  /** Every target kept freshness p99 within `limit` × idle. */
  readonly pass: boolean;
}

/** The p-th percentile (0 < p ≤ 100) by nearest rank; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** Loaded freshness over idle freshness, idle floored at the clock's resolution. */
export function freshnessRatio(loadedMs: number, idleMs: number): number {
  return loadedMs / Math.max(idleMs, FRESHNESS_FLOOR_MS);
}

/** What one load generator run measured (autocannon's figures, reduced). */
export interface CannonFigures {
  readonly requests: number;
  readonly durationSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Answers by status code. */
  readonly statusCodes: Readonly<Record<string, number>>;
  /** Connection errors and timeouts. */
  readonly errors: number;
}

/** One target's row: the load generator's figures beside the books' freshness under that load. */
export function targetResult(target: string, path: string, cannon: CannonFigures, freshness: readonly number[], idle: readonly number[]): LoadTargetResult {
  let ok = 0;
  let rateLimited = 0;
  let shed = 0;
  let otherErrors = cannon.errors;
  for (const [code, count] of Object.entries(cannon.statusCodes)) {
    if (code.startsWith('2')) ok += count;
    else if (code === '429') rateLimited += count;
    else if (code === '503') shed += count;
    else otherErrors += count;
  }
  const freshnessP99Ms = percentile(freshness, 99);
  const idleFreshnessP99Ms = percentile(idle, 99);
  return {
    target,
    path,
    requests: cannon.requests,
    // Served answers only: a fast stream of 429s is not throughput.
    requestsPerSec: cannon.durationSec > 0 ? ok / cannon.durationSec : 0,
    p50Ms: cannon.p50Ms,
    p99Ms: cannon.p99Ms,
    ok,
    rateLimited,
    shed,
    otherErrors,
    freshnessP99Ms,
    freshnessSamples: freshness.length,
    idleFreshnessP99Ms,
    ratio: freshnessRatio(freshnessP99Ms, idleFreshnessP99Ms),
  };
}

/**
 * One target's figure over several rounds (each an idle window, then a loaded one): the round whose loaded p99 is
 * lowest, against the lowest idle p99 of them all. The machine's other work only ever adds delay, so the lowest of
 * each is the nearest to what lob alone does (as the bench keeps each task's best round); taking both lows, the ratio
 * is never flattered by a noisy idle window.
 */
export function bestOfRounds(rounds: readonly LoadTargetResult[]): LoadTargetResult {
  const best = rounds.reduce((a, b) => (b.freshnessP99Ms < a.freshnessP99Ms ? b : a));
  const idle = Math.min(...rounds.map((r) => r.idleFreshnessP99Ms));
  return { ...best, idleFreshnessP99Ms: idle, ratio: freshnessRatio(best.freshnessP99Ms, idle) };
}

/** Whether every target stayed within the freshness limit (and was served at all). */
export function loadPasses(targets: readonly LoadTargetResult[], limit = FRESHNESS_LIMIT): boolean {
  const sustained = targets.filter((t) => t.flood !== true);
  return sustained.length > 0 && sustained.every((t) => t.ratio <= limit && t.ok > 0);
}
