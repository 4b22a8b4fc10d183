// Measures the event-loop pause of taking a large Coinbase snapshot, decoded on the main thread and off it:
//   npx tsx packages/connector-coinbase/scripts/measure-snapshot-pause.ts [runs]
// Prints figures only; nothing here is asserted (wall-clock figures depend on the machine).
import { largeSnapshot, snapshotPauseBench, type PauseFigures } from '../src/snapshot-pause.test-support.js';
import { decodeCoinbaseFrame } from '../src/frame-decoder.js';

const runs = Number(process.argv[2] ?? 7);
const snapshot = largeSnapshot();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const decodeMs: number[] = [];
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  decodeCoinbaseFrame(snapshot);
  decodeMs.push(performance.now() - start);
}
console.log(`frame ${(snapshot.length / 1e6).toFixed(2)} MB; decodeCoinbaseFrame alone on the main thread: median ${median(decodeMs).toFixed(1)} ms, max ${Math.max(...decodeMs).toFixed(1)} ms`);
for (const [mode, bytes] of [['main thread', Infinity], ['worker thread', 256 * 1024]] as const) {
  const figures: PauseFigures[] = [];
  const bench = await snapshotPauseBench(snapshot, bytes);
  // The first run warms up (JIT, the worker thread's start) and is dropped.
  await bench.run();
  for (let i = 0; i < runs; i++) figures.push(await bench.run());
  await bench.close();
  const pick = (key: keyof PauseFigures) => figures.map((f) => f[key]);
  console.log(
    `${mode}: ${figures[0]!.levels} levels; max event-loop delay median ${median(pick('maxLoopDelayMs')).toFixed(1)} ms ` +
      `(range ${Math.min(...pick('maxLoopDelayMs')).toFixed(1)}-${Math.max(...pick('maxLoopDelayMs')).toFixed(1)}); ` +
      `longest 1 ms tick gap median ${median(pick('longestTickGapMs')).toFixed(1)} ms; longest call into core median ${median(pick('longestCoreCallMs')).toFixed(1)} ms; subscribe to live median ${median(pick('totalMs')).toFixed(1)} ms`,
  );
}
