import { PerformanceObserver } from 'node:perf_hooks';
import type { Stepper } from '../measure/hot-loops.js';

/** Heap bytes allocated and garbage collections per 100 000 steps of one stepper. */
export interface AllocFigures {
  readonly bytesPer100k: number;
  readonly gcCountPer100k: number;
  readonly gcMsPer100k: number;
}

const BATCH = 200;

/**
 * Runs `steps` steps and measures what they allocate and what collecting it costs. V8 has no allocation counter,
 * but between two collections the used heap only grows by what was allocated: batches of steps during which no
 * collection ran give bytes per step exactly; the collections themselves are counted and timed by the gc observer.
 */
export async function probeAllocations(stepper: Stepper, steps: number): Promise<AllocFigures> {
  let gcCount = 0;
  let gcMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcCount++;
      gcMs += entry.duration;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  let cleanSteps = 0;
  let cleanBytes = 0;
  for (let done = 0; done < steps; done += BATCH) {
    const before = process.memoryUsage().heapUsed;
    // A collection inside the batch frees more than a batch allocates, so the heap shrinks: such batches are left out.
    for (let i = 0; i < BATCH; i++) stepper.step();
    const after = process.memoryUsage().heapUsed;
    if (after >= before) {
      cleanSteps += BATCH;
      cleanBytes += after - before;
    }
    if (done % 10_000 === 0) await new Promise((r) => setImmediate(r)); // lets the observer report
  }
  await new Promise((r) => setImmediate(r));
  observer.disconnect();
  const per100k = 100_000 / steps;
  return { bytesPer100k: cleanSteps === 0 ? NaN : (cleanBytes / cleanSteps) * 100_000, gcCountPer100k: gcCount * per100k, gcMsPer100k: gcMs * per100k };
}
