import type { OrderBook } from '@lob/core';
import { createBinanceConnector } from '@lob/connector-binance';
import type { Contender } from '../contenders.js';
import { matchesFilter, taskName } from '../report/names.js';
import type { MeasureId, MemoryResult, TaskResult, Unit } from '../report/types.js';
import { cycleOf, type Workload, type WorkloadSpec } from '../workloads/catalog.js';
import { createPipeline, decodeStepper, jsonParseStepper } from '../pipeline/pipeline-stepper.js';
import { venueBaselineStepper, venueDecodeStepper, venueJsonParseStepper, venuePipelineStepper, type VenueStepper } from '../pipeline/venue-stepper.js';
import type { Budget } from './budget.js';
import { collect } from './gc.js';
import { loadStep, replayStepper, sweepStep, top20Step, warmUp, type Stepper } from './hot-loops.js';
import { measureMemory } from './memory.js';
import { timeStep } from './time-step.js';

/** One selected piece of work for a contender's process. */
export interface BenchTask {
  readonly name: string;
  /** A memory figure (needs --expose-gc) rather than a timed task. */
  readonly memory: boolean;
  readonly workload: WorkloadSpec;
  run(workload: Workload, budget: Budget): Promise<{ task?: TaskResult; memory?: MemoryResult }>;
}

// json-parse and decode do not depend on the book; each process measures them so its pipeline ratio compares
// figures taken in the same process, minutes apart at most.
const RECORDED_MEASURES: readonly MeasureId[] = ['json-parse', 'decode', 'pipeline', 'pipeline-fallback', 'load', 'replay', 'replay+best', 'top20', 'sweep'];
const SYNTHETIC_MEASURES: readonly MeasureId[] = ['load', 'replay', 'replay+best'];
// Venue sessions (OKX, Kraken): the whole pipeline against JSON.parse feeding the same book and checksum, plus the
// same floor and decode rows as Binance's; no memory figure (their books are at most 1000 levels a side).
const VENUE_MEASURES: readonly MeasureId[] = ['json-parse', 'decode', 'pipeline', 'json-pipeline'];
const UNITS: Record<MeasureId, Unit> = {
  load: 'snapshot',
  replay: 'event',
  'replay+best': 'event',
  top20: 'read',
  sweep: 'read',
  pipeline: 'frame',
  'pipeline-fallback': 'frame',
  decode: 'frame',
  'json-parse': 'frame',
  'json-pipeline': 'frame',
};

/** A plain step repeated for a while, so the JIT has seen it before it is timed. */
function warmPlain(step: () => void, capMs: number): void {
  const end = performance.now() + capMs;
  for (let i = 0; i < 1_000_000; i++) {
    step();
    if (performance.now() > end) break;
  }
}

/** A book loaded from the workload's start and aged by a replay (one whole cycle ends at the start again). */
function agedBook(contender: Contender, workload: Workload, budget: Budget): OrderBook {
  const { start, events } = cycleOf(workload);
  const book = contender.create();
  book.reset(start.bids, start.asks);
  warmUp(replayStepper(book, events, false), budget.warmupMs);
  return book;
}

interface Timed {
  readonly step: () => void;
  readonly stepper?: Stepper;
  readonly levelsPerOp?: number;
  readonly after?: () => Promise<void> | void;
}

/** A venue path stepper warmed up and checked before and after the timed part. */
function checkedVenue(stepper: VenueStepper, budget: Budget): Timed {
  warmUp(stepper, budget.warmupMs);
  stepper.check();
  return { step: stepper.step, stepper, after: () => stepper.check() };
}

/** The timed steps on a venue session: its frames through lob's pipeline, the JSON.parse baseline, or either floor. */
function prepareVenue(measure: MeasureId, contender: Contender, workload: Workload, budget: Budget): Timed {
  const input = workload.venue;
  if (input === undefined) throw new Error(`${workload.name} is not a venue session`);
  switch (measure) {
    case 'pipeline':
      return checkedVenue(venuePipelineStepper(input, contender.create()), budget);
    case 'json-pipeline':
      return checkedVenue(venueBaselineStepper(input, contender.create()), budget);
    case 'json-parse':
    case 'decode': {
      const stepper = measure === 'json-parse' ? venueJsonParseStepper(input) : venueDecodeStepper(input);
      warmUp(stepper, budget.warmupMs);
      return { step: stepper.step, stepper };
    }
    default:
      throw new Error(`${measure} does not run on venue session ${workload.name}`);
  }
}

async function prepare(measure: MeasureId, contender: Contender, workload: Workload, budget: Budget): Promise<Timed> {
  if (workload.kind === 'venue') return prepareVenue(measure, contender, workload, budget);
  const { start, events } = cycleOf(workload);
  const input = workload.pipeline;
  switch (measure) {
    case 'replay':
    case 'replay+best': {
      const book = contender.create();
      book.reset(start.bids, start.asks);
      const stepper = replayStepper(book, events, measure === 'replay+best');
      warmUp(stepper, budget.warmupMs);
      return { step: stepper.step, stepper };
    }
    case 'load': {
      const step = loadStep(contender.create(), start);
      warmPlain(step, budget.warmupMs / 4);
      return { step, levelsPerOp: start.bids.length + start.asks.length };
    }
    case 'top20':
    case 'sweep': {
      const book = agedBook(contender, workload, budget);
      const step = measure === 'top20' ? top20Step(book) : sweepStep(book, workload.sweepSize);
      warmPlain(step, budget.warmupMs / 4);
      return { step };
    }
    case 'pipeline':
    case 'pipeline-fallback': {
      if (input === undefined) throw new Error(`${workload.name} has no frames`);
      const pipeline = await createPipeline(input, contender.create(), measure === 'pipeline' ? 'scanner' : 'fallback');
      warmUp(pipeline.stepper, budget.warmupMs);
      pipeline.check();
      return {
        step: pipeline.stepper.step,
        stepper: pipeline.stepper,
        after: async () => {
          pipeline.check();
          await pipeline.close();
        },
      };
    }
    case 'json-pipeline':
      throw new Error(`${measure} runs only on venue sessions, not ${workload.name}`);
    case 'json-parse':
    case 'decode': {
      if (input === undefined) throw new Error(`${workload.name} has no frames`);
      // Decoded as for this book in lob: levels as numbers only where the book takes them so.
      const connector = createBinanceConnector({ market: input.market, spelledLevels: contender.create().applySpelled !== undefined });
      const stepper = measure === 'json-parse' ? jsonParseStepper(input) : decodeStepper(input, connector);
      warmUp(stepper, budget.warmupMs);
      return { step: stepper.step, stepper, after: () => connector.close() };
    }
  }
}

async function runMeasure(name: string, measure: MeasureId, contender: Contender, workload: Workload, budget: Budget): Promise<TaskResult> {
  const timed = await prepare(measure, contender, workload, budget);
  // Every timed part starts after a full GC, with the warmed-up book in the old generation.
  collect();
  timed.stepper?.takeChanges();
  const t = await timeStep(name, timed.step, budget);
  const changes = timed.stepper?.takeChanges();
  await timed.after?.();
  const perOp = timed.levelsPerOp;
  const seconds = t.totalMs / 1000;
  const changesPerSec = changes !== undefined ? changes / seconds : perOp !== undefined ? (perOp * t.samples) / seconds : undefined;
  return {
    name,
    workload: workload.name,
    measure,
    contender: contender.id,
    depth: workload.depth,
    unit: UNITS[measure],
    samples: t.samples,
    opsPerSec: 1000 / t.meanMs,
    meanMs: t.meanMs,
    p99Ms: t.p99Ms,
    rme: t.rme,
    changesPerSec,
    nsPerChange: changesPerSec === undefined ? undefined : 1e9 / changesPerSec,
    levelsPerOp: perOp,
  };
}

/** The tasks of one contender that the filter selects, grouped by workload in catalog order. */
export function selectTasks(contender: Contender, catalog: readonly WorkloadSpec[], filter: string | undefined): BenchTask[] {
  const tasks: BenchTask[] = [];
  for (const spec of catalog) {
    const measures = spec.kind === 'recorded' ? RECORDED_MEASURES : spec.kind === 'venue' ? VENUE_MEASURES : SYNTHETIC_MEASURES;
    for (const measure of measures) {
      const name = taskName(spec.name, measure, contender.id);
      if (!matchesFilter(name, filter)) continue;
      tasks.push({ name, memory: false, workload: spec, run: async (w, budget) => ({ task: await runMeasure(name, measure, contender, w, budget) }) });
    }
    const memoryName = taskName(spec.name, 'memory', contender.id);
    if (spec.kind !== 'venue' && matchesFilter(memoryName, filter)) {
      tasks.push({ name: memoryName, memory: true, workload: spec, run: async (w, budget) => ({ memory: measureMemory(memoryName, contender, w, budget) }) });
    }
  }
  return tasks;
}
