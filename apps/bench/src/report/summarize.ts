import type { AllocRow } from '../alloc/allocations.js';
import type { FrameBytesRow } from '../frame-bytes/frame-bytes.js';
import type { BusReport } from '../bus/bus-report.js';
import type { ApiLoadReport } from '../api-load/load-stats.js';
import type { Environment } from './environment.js';
import { pipelineRows, type PipelineRow } from './pipeline-rows.js';
import type { WorkersLoadReport } from '../workers-load/workers-load.js';
import type { ContenderRun, MeasureId, MemoryResult, RunOptions, TaskResult } from './types.js';
import type { FailoverReport } from '../failover/failover.js';

/** A task row with its cost relative to the fastest row of its group (1 = fastest). */
export interface Row extends TaskResult {
  readonly relative: number;
}

/** All contenders on one workload and measure, fastest first. */
export interface Group {
  readonly workload: string;
  readonly measure: MeasureId;
  readonly rows: readonly Row[];
}

/** Cost per level change at one synthetic depth. */
export interface DepthPoint {
  readonly contender: string;
  readonly measure: 'replay' | 'replay+best';
  readonly depth: number;
  readonly nsPerChange: number;
}

/** One of the issue's targets, evaluated for one of our books. */
export interface TargetCheck {
  readonly book: string;
  readonly target: string;
  readonly workload: string;
  readonly value: number;
  readonly limit: number;
  readonly pass: boolean;
  readonly detail: string;
}

/** The default book for some venues and why. */
export interface DefaultBook {
  /** Which venues: "Binance" or "the other venues". */
  readonly venues: string;
  readonly id: string;
  readonly reason: string;
}

/** The whole run, as written to report.json and rendered to the table, Markdown and chart. */
export interface BenchReport {
  readonly environment: Environment;
  readonly options: RunOptions;
  readonly contenders: readonly { id: string; label: string; kind: string; seconds: number }[];
  readonly recordings: string | undefined;
  readonly groups: readonly Group[];
  /** Every recorded session's pipeline beside its JSON.parse floor and (OKX, Kraken) JSON.parse baseline. */
  readonly pipelines: readonly PipelineRow[];
  readonly memory: readonly MemoryResult[];
  readonly depthCurve: readonly DepthPoint[];
  /** lob's default book on Binance, then on the other venues, each with the figures it rests on. */
  readonly defaultBooks: readonly DefaultBook[];
  readonly targets: readonly TargetCheck[];
  /** Heap bytes and collections per 100 000 frames of the Binance pipelines and their floor (absent when filtered out). */
  readonly allocations?: readonly AllocRow[];
  /** Whether a scanner should read the WebSocket's Buffer or its string (absent when filtered out). */
  readonly frameBytes?: readonly FrameBytesRow[];
  /** The HTTP API under load beside the books' freshness (absent when the filter leaves it out). */
  readonly apiLoad?: ApiLoadReport;
  /** `lob serve --workers 1` beside `--workers 2` over many simulated books (absent when the filter leaves it out). */
  readonly workersLoad?: WorkersLoadReport;
  /** lob → NATS JetStream → consumers (absent when the filter leaves it out). */
  readonly bus?: BusReport;
  /** `--shard auto` failover: one of two instances killed, time until its books are claimed and live elsewhere. */
  readonly failover?: FailoverReport;
}

/** Cost of a row for ranking: per level change where known (rows of a group may have sampled different events). */
const cost = (t: TaskResult): number => t.nsPerChange ?? t.meanMs;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** json-parse and decode rows do not depend on the book: one row each, the median over the processes. */
function floorRows(tasks: readonly TaskResult[]): TaskResult[] {
  const out: TaskResult[] = [];
  for (const measure of ['json-parse', 'decode'] as const) {
    const byWorkload = new Map<string, TaskResult[]>();
    for (const t of tasks) if (t.measure === measure) byWorkload.set(t.workload, [...(byWorkload.get(t.workload) ?? []), t]);
    for (const [workload, list] of byWorkload) {
      const mid = median(list.map(cost));
      const closest = list.reduce((a, b) => (Math.abs(cost(a) - mid) <= Math.abs(cost(b) - mid) ? a : b));
      out.push({ ...closest, workload, contender: measure === 'json-parse' ? 'JSON.parse floor' : 'connector decode' });
    }
  }
  return out;
}

function groupTasks(tasks: readonly TaskResult[]): Group[] {
  const rows = [...tasks.filter((t) => t.measure !== 'json-parse' && t.measure !== 'decode'), ...floorRows(tasks)];
  const groups = new Map<string, TaskResult[]>();
  for (const t of rows) {
    // The floors and the fallback decoder's pipeline belong with the pipeline they bound.
    const measure = t.measure === 'json-parse' || t.measure === 'decode' || t.measure === 'pipeline-fallback' ? 'pipeline' : t.measure;
    const key = `${t.workload}\u0000${measure}`;
    const row = t.measure === 'pipeline-fallback' ? { ...t, contender: `${t.contender} (fallback decoder)` } : t;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.entries()].map(([key, list]) => {
    const [workload, measure] = key.split('\u0000') as [string, MeasureId];
    const best = Math.min(...list.map(cost));
    const sorted = [...list].sort((a, b) => cost(a) - cost(b)).map((t) => ({ ...t, relative: cost(t) / best }));
    return { workload, measure, rows: sorted };
  });
}

function depthCurve(tasks: readonly TaskResult[]): DepthPoint[] {
  return tasks
    .filter((t) => t.depth !== undefined && (t.measure === 'replay' || t.measure === 'replay+best') && t.nsPerChange !== undefined)
    .map((t) => ({ contender: t.contender, measure: t.measure as DepthPoint['measure'], depth: t.depth as number, nsPerChange: t.nsPerChange as number }))
    .sort((a, b) => a.contender.localeCompare(b.contender) || a.measure.localeCompare(b.measure) || a.depth - b.depth);
}

const find = (tasks: readonly TaskResult[], contender: string, workload: string, measure: MeasureId): TaskResult | undefined =>
  tasks.find((t) => t.contender === contender && t.workload === workload && t.measure === measure);

/** The issue's four targets for one of our books, wherever the run has the figures. */
function checkTargets(book: string, tasks: readonly TaskResult[], memory: readonly MemoryResult[]): TargetCheck[] {
  const out: TargetCheck[] = [];
  // The 1.25× target is the issue's for Binance; the other venues' sessions (those with a json-pipeline baseline) are
  // compared with that baseline in the pipelines table instead.
  const venues = new Set(tasks.filter((t) => t.measure === 'json-pipeline').map((t) => t.workload));
  const recorded = [...new Set(tasks.filter((t) => t.measure === 'pipeline' && !venues.has(t.workload)).map((t) => t.workload))];
  const replayed = [...new Set(tasks.filter((t) => t.depth === undefined && t.measure === 'replay+best').map((t) => t.workload))];
  for (const workload of replayed) {
    const ours = find(tasks, book, workload, 'replay+best')?.nsPerChange;
    const naive = find(tasks, 'naive-btree', workload, 'replay+best')?.nsPerChange;
    if (ours === undefined || naive === undefined) continue;
    const speedup = naive / ours;
    out.push({ book, target: 'replay + best read vs naive sorted-btree', workload, value: speedup, limit: 2, pass: speedup >= 2, detail: `${speedup.toFixed(2)}× faster (target ≥ 2×)` });
  }
  for (const workload of recorded) {
    const pipeline = find(tasks, book, workload, 'pipeline')?.nsPerChange;
    const floor = find(tasks, book, workload, 'json-parse')?.nsPerChange;
    if (pipeline === undefined || floor === undefined) continue;
    const ratio = pipeline / floor;
    out.push({ book, target: 'pipeline vs JSON.parse floor', workload, value: ratio, limit: 1.25, pass: ratio <= 1.25, detail: `${ratio.toFixed(2)}× the floor (target ≤ 1.25×)` });
  }
  for (const measure of ['replay', 'replay+best'] as const) {
    const points = depthCurve(tasks).filter((p) => p.contender === book && p.measure === measure);
    const low = points[0];
    const high = points[points.length - 1];
    if (low === undefined || high === undefined || low.depth === high.depth) continue;
    const growth = high.nsPerChange / low.nsPerChange;
    const bound = Math.log(high.depth) / Math.log(low.depth);
    out.push({
      book,
      target: `${measure} cost growth with depth`,
      workload: `synthetic-${low.depth} → ${high.depth}`,
      value: growth,
      limit: bound,
      pass: growth <= bound,
      detail: `${growth.toFixed(2)}× from ${low.depth} to ${high.depth} levels (log bound ${bound.toFixed(2)}×)`,
    });
  }
  for (const m of memory.filter((m) => m.contender === book)) {
    const naive = memory.find((n) => n.contender === 'naive-btree' && n.workload === m.workload);
    if (naive === undefined) continue;
    out.push({
      book,
      target: 'memory per level vs naive sorted-btree',
      workload: m.workload,
      value: m.bytesPerLevel / naive.bytesPerLevel,
      limit: 1,
      pass: m.bytesPerLevel <= naive.bytesPerLevel,
      detail: `${m.bytesPerLevel.toFixed(1)} vs ${naive.bytesPerLevel.toFixed(1)} B/level`,
    });
  }
  return out;
}

/** Geometric mean of some costs; Infinity when there are none. */
function geometricMean(costs: readonly number[]): number {
  return costs.length === 0 ? Infinity : Math.exp(costs.reduce((s, c) => s + Math.log(c), 0) / costs.length);
}

/** The book of ours whose pipeline costs least over these sessions (geometric mean per level change), with the figures. */
function fastestPipeline(venues: string, books: readonly string[], rows: readonly PipelineRow[]): DefaultBook | undefined {
  const sessions = new Set(rows.map((r) => r.workload)).size;
  const scored = books
    .map((id) => ({ id, score: geometricMean(rows.filter((r) => r.contender === id && r.nsPerChange !== undefined).map((r) => r.nsPerChange as number)) }))
    .filter((s) => Number.isFinite(s.score))
    .sort((a, b) => a.score - b.score);
  const [first, ...others] = scored;
  if (first === undefined) return undefined;
  const versus = others.map((o) => `${o.id} ${o.score.toFixed(0)}`).join(', ');
  return {
    venues,
    id: first.id,
    reason: `the fastest pipeline over ${venues}' ${sessions} recorded session${sessions === 1 ? '' : 's'}: ${first.score.toFixed(0)} ns per level change${versus === '' ? '' : ` (${versus})`}`,
  };
}

/**
 * lob's default book per kind of venue, as each venue's registry entry names it: on Binance, whose scanner can hand
 * levels over as numbers, and on the other venues, whose decoders give strings and most of which read their top after
 * every message. Each is the book with the fastest whole pipeline on that kind's recorded sessions.
 */
function chooseDefaults(books: readonly string[], rows: readonly PipelineRow[]): DefaultBook[] {
  // Binance sessions are the ones measured with the fallback decoder too (the other venues' have a JSON.parse baseline).
  const binance = new Set(rows.filter((r) => r.fallbackNsPerChange !== undefined).map((r) => r.workload));
  const choices = [fastestPipeline('Binance', books, rows.filter((r) => binance.has(r.workload))), fastestPipeline('the other venues', books, rows.filter((r) => !binance.has(r.workload)))];
  return choices.filter((c): c is DefaultBook => c !== undefined);
}

/** Merges the contenders' runs into the report. */
export function summarize(environment: Environment, options: RunOptions, runs: readonly ContenderRun[]): BenchReport {
  const tasks = runs.flatMap((r) => r.tasks);
  const memory = runs.flatMap((r) => r.memory);
  const books = runs.filter((r) => r.kind === 'book').map((r) => r.contender);
  const allTargets = books.flatMap((b) => checkTargets(b, tasks, memory));
  const pipelines = pipelineRows(tasks);
  const defaultBooks = chooseDefaults(books, pipelines);
  const binanceDefault = defaultBooks[0]?.id;
  return {
    environment,
    options,
    contenders: runs.map((r) => ({ id: r.contender, label: r.label, kind: r.kind, seconds: r.seconds })),
    recordings: runs.find((r) => r.recordings !== undefined)?.recordings,
    groups: groupTasks(tasks),
    pipelines,
    memory,
    depthCurve: depthCurve(tasks),
    defaultBooks,
    // The targets are Binance's: its default first, then our other books for comparison.
    targets: [...allTargets].sort((a, b) => Number(b.book === binanceDefault) - Number(a.book === binanceDefault)),
  };
}
