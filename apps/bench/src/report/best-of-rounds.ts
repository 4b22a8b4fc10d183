import type { ContenderRun, MemoryResult, TaskResult } from './types.js';

const cost = (t: TaskResult): number => t.nsPerChange ?? t.meanMs;

function bestBy<T extends { name: string }>(items: readonly T[], score: (item: T) => number): T[] {
  const best = new Map<string, T>();
  for (const item of items) {
    const seen = best.get(item.name);
    if (seen === undefined || score(item) < score(seen)) best.set(item.name, item);
  }
  return [...best.values()];
}

/**
 * One run per contender from several rounds: each task's and memory figure's lowest cost. Interference from
 * other processes only ever adds time, so the lowest of a few rounds is the least disturbed measurement.
 */
export function bestOfRounds(rounds: readonly ContenderRun[][]): ContenderRun[] {
  const byContender = new Map<string, ContenderRun[]>();
  for (const round of rounds) for (const run of round) byContender.set(run.contender, [...(byContender.get(run.contender) ?? []), run]);
  return [...byContender.values()].map((runs) => {
    const first = runs[0] as ContenderRun;
    return {
      ...first,
      tasks: bestBy(runs.flatMap((r) => r.tasks), cost),
      memory: bestBy<MemoryResult>(runs.flatMap((r) => r.memory), (m) => m.bytesPerLevel),
      seconds: runs.reduce((s, r) => s + r.seconds, 0),
    };
  });
}
