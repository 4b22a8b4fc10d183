import { formatDuration, formatRate, formatRatio } from './format.js';
import type { BenchReport, Group } from './summarize.js';

// A figure a contender's process could not measure arrives as null (NaN does not survive IPC's JSON): shown as '-'.
const measured = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value);

/** Header and cells of one group's table, shared by the terminal table and the Markdown report. */
export function groupCells(group: Group): string[][] {
  const unit = group.rows[0]?.unit ?? 'op';
  const header = ['contender', `${unit}s/s`, 'mean', 'p99', 'changes/s', 'ns/change', 'vs fastest', '±'];
  const rows = group.rows.map((r) => [
    r.contender,
    formatRate(r.opsPerSec),
    formatDuration(r.meanMs),
    formatDuration(r.p99Ms),
    measured(r.changesPerSec) ? formatRate(r.changesPerSec) : '-',
    measured(r.nsPerChange) ? r.nsPerChange.toFixed(0) : '-',
    formatRatio(r.relative),
    `${r.rme.toFixed(1)}%`,
  ]);
  return [header, ...rows];
}

const ns = (value: number | null | undefined): string => (measured(value) ? value.toFixed(0) : '-');
const times = (value: number | null | undefined): string => (measured(value) ? formatRatio(value) : '-');

/** Every session's pipeline per book beside its JSON.parse floor and JSON.parse baseline (ns, lower is better). */
export function pipelineCells(report: BenchReport): string[][] {
  const header = ['workload', 'contender', 'ns/message', 'ns/change', 'JSON.parse ns/change', '× JSON.parse', 'fallback ns/change', 'fallback × JSON.parse', 'JSON.parse+book ns/message', 'JSON.parse+book ns/change', '× JSON.parse+book'];
  const rows = report.pipelines.map((r) => [
    r.workload,
    r.contender,
    ns(r.nsPerMessage),
    ns(r.nsPerChange),
    ns(r.floorNsPerChange),
    times(r.floorRatio),
    ns(r.fallbackNsPerChange),
    times(r.fallbackFloorRatio),
    ns(r.baselineNsPerMessage),
    ns(r.baselineNsPerChange),
    times(r.baselineRatio),
  ]);
  return [header, ...rows];
}

/** Memory per level: one row per workload, one column per contender. */
export function memoryCells(report: BenchReport): string[][] {
  const contenders = [...new Set(report.memory.map((m) => m.contender))];
  const workloads = [...new Set(report.memory.map((m) => m.workload))];
  const rows = workloads.map((w) => [
    w,
    ...contenders.map((c) => {
      const m = report.memory.find((x) => x.workload === w && x.contender === c);
      return m === undefined ? '-' : m.bytesPerLevel.toFixed(1);
    }),
  ]);
  return [['bytes/level', ...contenders], ...rows];
}

/** The targets, one line each. */
export function targetCells(report: BenchReport): string[][] {
  return [
    ['book', 'target', 'workload', 'result', 'pass'],
    ...report.targets.map((t) => [t.book, t.target, t.workload, t.detail, t.pass ? 'yes' : 'NO']),
  ];
}

/** What each group's title says the unit of a timed call is. */
export function groupTitle(group: Group): string {
  return `${group.workload} · ${group.measure} (one timed call = one ${group.rows[0]?.unit ?? 'op'})`;
}
