import type { ApiLoadReport, LoadTargetResult } from './load-stats.js';

const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(value < 10 ? 1 : 0) : '-');

/** The load test's table: idle first, then each endpoint under load, freshness beside its ratio to idle. */
export function apiLoadCells(report: ApiLoadReport): string[][] {
  const header = ['load', 'req/s', 'p50 ms', 'p99 ms', '2xx', '429', '503 shed', 'errors', 'loop busy idle/loaded', 'freshness p99 idle ms', 'loaded ms', '× idle'];
  const idle = ['idle (books streaming), all windows', '-', '-', '-', '-', '-', '-', '-', '-', ms(report.idle.freshnessP99Ms), '-', '-'];
  const busy = (t: LoadTargetResult): string =>
    t.idleLoopBusy === undefined || t.loopBusy === undefined ? '-' : `${Math.round(t.idleLoopBusy * 100)}% / ${Math.round(t.loopBusy * 100)}%`;
  const rows = report.targets.map((t) => [
    t.target,
    t.requestsPerSec.toFixed(0),
    ms(t.p50Ms),
    ms(t.p99Ms),
    String(t.ok),
    String(t.rateLimited),
    String(t.shed),
    String(t.otherErrors),
    busy(t),
    ms(t.idleFreshnessP99Ms),
    ms(t.freshnessP99Ms),
    `${t.ratio.toFixed(2)}${t.ratio > report.limit && t.flood !== true ? ' !' : ''}`,
  ]);
  return [header, idle, ...rows];
}

/** One line under the table: what was loaded, and the verdict. */
export function apiLoadTitle(report: ApiLoadReport): string {
  return (
    `API under load (${report.books} books, ${report.updatesPerSec.toFixed(0)} updates/s, ${report.connections} connections, ` +
    `${report.windowSec} s per window, each after an idle one as long, best of ${report.rounds} round(s); freshness = applied − event time): ` +
    `${report.pass ? 'pass' : 'FAIL'}, target freshness p99 ≤ ${report.limit}× idle under the sustained loads (floods shown beside)`
  );
}
