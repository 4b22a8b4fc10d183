import { formatDuration, formatRate } from './format.js';
import type { MemoryResult, TaskResult } from './types.js';

/** Writes one progress line to stderr, so stdout stays clean for --json. */
export function progress(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

/** The progress line of a finished task: its headline figure and how long it took. */
export function formatTaskLine(counter: string, name: string, out: { task?: TaskResult; memory?: MemoryResult }, ms: number): string {
  let figure = '';
  if (out.task !== undefined) {
    const t = out.task;
    figure = t.changesPerSec !== undefined ? `${formatRate(t.changesPerSec)} changes/s` : `${formatRate(t.opsPerSec)} ops/s`;
    figure += `, p99 ${formatDuration(t.p99Ms)}`;
  } else if (out.memory !== undefined) {
    figure = `${out.memory.bytesPerLevel.toFixed(1)} B/level`;
  }
  return `${counter} ${name}: ${figure} (${(ms / 1000).toFixed(1)} s)`;
}
