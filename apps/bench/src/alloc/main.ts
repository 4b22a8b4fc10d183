// `node --expose-gc --import tsx src/alloc/main.ts`: heap bytes allocated and GC per 100 000 frames of the Binance
// pipelines (frame scanner, fallback decoder) and the JSON.parse floor, on the recorded sessions, with the chunked book.
import { contender } from '../contenders.js';
import { collect } from '../measure/gc.js';
import { warmUp } from '../measure/hot-loops.js';
import { createPipeline, jsonParseStepper, type PipelineDecoder } from '../pipeline/pipeline-stepper.js';
import { workloadCatalog } from '../workloads/catalog.js';
import { probeAllocations } from './alloc-probe.js';

const FRAMES = 100_000;

async function main(): Promise<void> {
  const book = contender('chunked');
  const rows: string[][] = [['workload', 'path', 'KB allocated / 100k frames', 'B / frame', 'GCs / 100k frames', 'GC ms / 100k frames']];
  for (const spec of workloadCatalog().filter((w) => w.kind === 'recorded')) {
    const input = (await spec.load()).pipeline;
    if (input === undefined) continue;
    const paths: [string, () => Promise<{ stepper: Parameters<typeof probeAllocations>[0]; close?: () => Promise<void> }>][] = [
      ['JSON.parse floor', async () => ({ stepper: jsonParseStepper(input) })],
      ...(['scanner', 'fallback'] as PipelineDecoder[]).map((d): (typeof paths)[number] => [`pipeline (${d})`, async () => createPipeline(input, book.create(), d)]),
    ];
    for (const [name, make] of paths) {
      const { stepper, close } = await make();
      warmUp(stepper, 2_000);
      collect();
      const f = await probeAllocations(stepper, FRAMES);
      await close?.();
      rows.push([spec.name, name, (f.bytesPer100k / 1024).toFixed(0), (f.bytesPer100k / 100_000).toFixed(0), f.gcCountPer100k.toFixed(0), f.gcMsPer100k.toFixed(1)]);
    }
    spec.release();
  }
  process.stdout.write(`${rows.map((r) => r.join(' | ')).join('\n')}\n`);
}

await main();
