import type { Environment } from './environment.js';
import type { ContenderRun, MeasureId, TaskResult } from './types.js';

/** A tiny, hand-made result set for the report writers' tests. */
export const FAKE_ENVIRONMENT: Environment = {
  date: '2026-01-01T00:00:00.000Z',
  node: 'v20.0.0',
  v8: '11.3',
  platform: 'linux x64',
  cpu: 'Test CPU',
  cores: 2,
  memoryGiB: 8,
  commit: 'abc1234',
};

function task(contender: string, workload: string, measure: MeasureId, nsPerChange: number, depth?: number): TaskResult {
  const changesPerSec = 1e9 / nsPerChange;
  return {
    name: `${workload}/${measure}/${contender}`,
    workload,
    measure,
    contender,
    depth,
    unit: measure === 'pipeline' || measure === 'json-parse' || measure === 'decode' || measure === 'json-pipeline' ? 'frame' : 'event',
    samples: 100,
    opsPerSec: changesPerSec / 46,
    meanMs: (46 * nsPerChange) / 1e6,
    p99Ms: (200 * nsPerChange) / 1e6,
    rme: 1.5,
    changesPerSec,
    nsPerChange,
    levelsPerOp: undefined,
  };
}

function run(contender: string, kind: 'book' | 'baseline', scale: number, okxScale = scale): ContenderRun {
  return {
    contender,
    label: `${contender} | label`,
    kind,
    recordings: '/recordings',
    seconds: 12,
    tasks: [
      task(contender, 'spot', 'replay+best', 100 * scale),
      task(contender, 'spot', 'pipeline', 400 + 100 * scale),
      task(contender, 'spot', 'pipeline-fallback', 700 + 100 * scale),
      task(contender, 'spot', 'json-parse', 300 + scale),
      task(contender, 'okx', 'pipeline', 600 * okxScale),
      task(contender, 'okx', 'json-pipeline', 500 * scale),
      task(contender, 'okx', 'json-parse', 200),
      task(contender, 'synthetic-100', 'replay', 80 * scale, 100),
      task(contender, 'synthetic-100000', 'replay', 160 * scale, 100_000),
    ],
    memory: [{ name: `spot/memory/${contender}`, workload: 'spot', contender, depth: undefined, copies: 10, levels: 20_000, bytesPerLevel: 30 * scale }],
  };
}

/** Our book at cost 1 (but 2 on OKX), a second book at 1.5, the naive baseline at 3. */
export const FAKE_RUNS: readonly ContenderRun[] = [run('btree', 'book', 1, 2), run('rbtree', 'book', 1.5), run('naive-btree', 'baseline', 3)];
