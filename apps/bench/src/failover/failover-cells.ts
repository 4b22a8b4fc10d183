import type { FailoverReport } from './failover.js';

const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** One line for the table and the markdown: the figure with the bound beside it. */
export function failoverLine(report: FailoverReport): string {
  if ('skipped' in report) return `failover (--shard auto): skipped: ${report.skipped}`;
  return (
    `failover (--shard auto, 2 instances, ${report.books} books, one SIGKILLed holding ${report.moved}): ` +
    `claimed elsewhere after ${s(report.claimedMs)} (bound ${s(report.boundMs)} = ttl ${s(report.ttlMs)} + check ${s(report.checkIntervalMs)}: ` +
    `${report.pass ? 'pass' : 'FAIL'}), all live again after ${s(report.liveMs)} (the bound plus a resync)`
  );
}
