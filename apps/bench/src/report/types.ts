/**
 * What a task measures. `json-parse` and `decode` are the pipeline's floor and its decoding share; `json-pipeline`
 * (venue sessions only) is JSON.parse feeding the same book apply and checksum verify as the pipeline;
 * `pipeline-fallback` (Binance sessions) is the pipeline with the full decoder the frame scanner steps aside to.
 */
export type MeasureId = 'load' | 'replay' | 'replay+best' | 'top20' | 'sweep' | 'pipeline' | 'pipeline-fallback' | 'decode' | 'json-parse' | 'json-pipeline';

/** What one timed call of a task does. */
export type Unit = 'event' | 'snapshot' | 'read' | 'frame';

/** One timed task's statistics (latencies in ms, per timed call). */
export interface TaskResult {
  /** `workload · measure · contender`, what --filter matches. */
  readonly name: string;
  readonly workload: string;
  readonly measure: MeasureId;
  /** The book measured, or the process it was measured in for `json-parse`/`decode`. */
  readonly contender: string;
  /** Levels per side, for synthetic workloads. */
  readonly depth: number | undefined;
  readonly unit: Unit;
  readonly samples: number;
  readonly opsPerSec: number;
  readonly meanMs: number;
  readonly p99Ms: number;
  /** Relative margin of error of the mean, in percent. */
  readonly rme: number;
  /** Level changes per second, for tasks that apply or decode changes. */
  readonly changesPerSec: number | undefined;
  /** Nanoseconds per level change, for the same tasks. */
  readonly nsPerChange: number | undefined;
  /** Levels loaded per snapshot (load) or read per call. */
  readonly levelsPerOp: number | undefined;
}

/** Heap retained by books of one contender on one workload. */
export interface MemoryResult {
  readonly name: string;
  readonly workload: string;
  readonly contender: string;
  readonly depth: number | undefined;
  /** Books measured together, so small books still make a readable heap difference. */
  readonly copies: number;
  /** Levels held by all copies. */
  readonly levels: number;
  readonly bytesPerLevel: number;
}

/** Everything one contender's process measured. */
export interface ContenderRun {
  readonly contender: string;
  readonly label: string;
  readonly kind: 'book' | 'baseline';
  readonly tasks: readonly TaskResult[];
  readonly memory: readonly MemoryResult[];
  readonly recordings: string | undefined;
  readonly seconds: number;
}

/** How the run was asked for. */
export interface RunOptions {
  readonly quick: boolean;
  readonly filter: string | undefined;
  readonly json: boolean;
  /** Times every contender runs, round-robin; each figure is the best round's. */
  readonly rounds: number;
}
