import { contender } from '../contenders.js';
import { collect } from '../measure/gc.js';
import { warmUp } from '../measure/hot-loops.js';
import { createPipeline, jsonParseStepper, type PipelineDecoder } from '../pipeline/pipeline-stepper.js';
import type { WorkloadSpec } from '../workloads/catalog.js';
import { probeAllocations, type AllocFigures } from './alloc-probe.js';

/** The allocation probe's name for --filter. */
export const ALLOC_TASK = 'allocations/pipeline/chunked';

/** What one path allocates per 100 000 frames of one recorded session. */
export interface AllocRow extends AllocFigures {
  readonly workload: string;
  readonly path: string;
}

/** Frames probed per path: 100 000 in a full run (the unit), a smoke run's few in a quick one. */
export function allocFrames(quick: boolean): number {
  return quick ? 4_000 : 100_000;
}

/**
 * Heap bytes allocated and garbage collections per 100 000 frames of each recorded Binance session, on the chunked
 * book: the JSON.parse floor, the pipeline with the frame scanner, and with the fallback decoder; and the packed book
 * fed the scanner's numbers. In this process,
 * after the contenders, so nothing else allocates meanwhile.
 */
export async function runAllocations(catalog: readonly WorkloadSpec[], frames: number, progress: (text: string) => void): Promise<AllocRow[]> {
  const book = contender('chunked');
  const packed = contender('packed');
  const rows: AllocRow[] = [];
  for (const spec of catalog.filter((w) => w.kind === 'recorded')) {
    const input = (await spec.load()).pipeline;
    if (input === undefined) continue;
    progress(`allocations: ${spec.name}`);
    const paths: [string, () => Promise<{ stepper: Parameters<typeof probeAllocations>[0]; close?: () => Promise<void> }>][] = [
      ['JSON.parse floor', async () => ({ stepper: jsonParseStepper(input) })],
      ...(['scanner', 'fallback'] as PipelineDecoder[]).map((d): (typeof paths)[number] => [`pipeline (${d})`, async () => createPipeline(input, book.create(), d)]),
      // The packed book takes the scanner's numbers: no level string made, none kept.
      ['pipeline (scanner, packed book)', async () => createPipeline(input, packed.create())],
    ];
    for (const [path, make] of paths) {
      const { stepper, close } = await make();
      warmUp(stepper, 2_000);
      collect();
      const figures = await probeAllocations(stepper, frames);
      await close?.();
      rows.push({ workload: spec.name, path, ...figures });
    }
    spec.release();
  }
  return rows;
}

/** The allocation section as rows of cells, a header first. */
export function allocCells(rows: readonly AllocRow[]): string[][] {
  return [
    ['workload', 'path', 'KB allocated / 100k frames', 'B / frame', 'GCs / 100k frames', 'GC ms / 100k frames'],
    ...rows.map((r) => [r.workload, r.path, (r.bytesPer100k / 1024).toFixed(0), (r.bytesPer100k / 100_000).toFixed(0), r.gcCountPer100k.toFixed(0), r.gcMsPer100k.toFixed(1)]),
  ];
}
