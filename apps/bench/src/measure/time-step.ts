import { Bench } from 'tinybench';
import type { Budget } from './budget.js';

/** tinybench's figures for one timed function (latencies in ms per call). */
export interface StepTiming {
  readonly samples: number;
  readonly meanMs: number;
  readonly p99Ms: number;
  readonly rme: number;
  readonly totalMs: number;
}

/** Times `step` with tinybench under the budget; our own warm-up already ran, so tinybench's is off. */
export async function timeStep(name: string, step: () => void, budget: Budget): Promise<StepTiming> {
  const bench = new Bench({
    time: budget.timeMs,
    iterations: budget.minIterations,
    warmup: false,
    // Steps are microseconds: take the clock read's own cost out of each sample.
    subtractTimerOverhead: true,
    throws: true,
  });
  bench.add(name, step, { async: false });
  await bench.run();
  const result = bench.tasks[0]?.result;
  if (result === undefined || (result.state !== 'completed' && result.state !== 'aborted-with-statistics')) {
    throw new Error(`${name}: tinybench did not complete (${result?.state ?? 'no task'})`);
  }
  return {
    samples: result.latency.samplesCount,
    meanMs: result.latency.mean,
    p99Ms: result.latency.p99,
    rme: result.latency.rme,
    totalMs: result.totalTime,
  };
}
