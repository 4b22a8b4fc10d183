import type { TaskResult } from './types.js';

/**
 * One book's whole pipeline on one recorded session beside what it is compared with, every figure taken in the
 * same process: the JSON.parse floor (every venue), and for the other venues (OKX, Kraken, Bybit, Coinbase)
 * JSON.parse feeding the same apply and verify (the `json-pipeline` measure; Binance has no such row).
 */
export interface PipelineRow {
  readonly workload: string;
  readonly contender: string;
  /** Nanoseconds per frame (one message) through the pipeline. */
  readonly nsPerMessage: number;
  readonly nsPerChange: number | undefined;
  readonly floorNsPerChange: number | undefined;
  /** Pipeline cost over the JSON.parse floor's, per level change. */
  readonly floorRatio: number | undefined;
  /** Binance: the same pipeline with the full decoder (JSON.parse + checks) the frame scanner steps aside to. */
  readonly fallbackNsPerChange: number | undefined;
  /** The fallback pipeline's cost over the JSON.parse floor's, per level change. */
  readonly fallbackFloorRatio: number | undefined;
  readonly baselineNsPerMessage: number | undefined;
  readonly baselineNsPerChange: number | undefined;
  /** Pipeline cost over the JSON.parse + same apply/verify baseline's, per level change. */
  readonly baselineRatio: number | undefined;
}

const ratio = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined || b === undefined ? undefined : a / b);

/** Every pipeline task with its floor and baseline, in task order (Binance sessions first, as the catalog lists them). */
export function pipelineRows(tasks: readonly TaskResult[]): PipelineRow[] {
  const same = (t: TaskResult, measure: TaskResult['measure']): TaskResult | undefined =>
    tasks.find((o) => o.measure === measure && o.workload === t.workload && o.contender === t.contender);
  return tasks
    .filter((t) => t.measure === 'pipeline')
    .map((t) => {
      const floor = same(t, 'json-parse');
      const baseline = same(t, 'json-pipeline');
      const fallback = same(t, 'pipeline-fallback');
      return {
        workload: t.workload,
        contender: t.contender,
        nsPerMessage: t.meanMs * 1e6,
        nsPerChange: t.nsPerChange,
        floorNsPerChange: floor?.nsPerChange,
        floorRatio: ratio(t.nsPerChange, floor?.nsPerChange),
        fallbackNsPerChange: fallback?.nsPerChange,
        fallbackFloorRatio: ratio(fallback?.nsPerChange, floor?.nsPerChange),
        baselineNsPerMessage: baseline === undefined ? undefined : baseline.meanMs * 1e6,
        baselineNsPerChange: baseline?.nsPerChange,
        baselineRatio: ratio(t.nsPerChange, baseline?.nsPerChange),
      };
    });
}
