import { describe, expect, it } from '@jest/globals';
import { bestOfRounds } from './best-of-rounds.js';
import { FAKE_RUNS } from './fake-runs.test-support.js';
import type { ContenderRun } from './types.js';

describe('bestOfRounds', () => {
  it('keeps each task from its least disturbed round and adds up the time', () => {
    const slower: ContenderRun[] = FAKE_RUNS.map((r) => ({
      ...r,
      tasks: r.tasks.map((t, i) => (i === 0 ? { ...t, nsPerChange: (t.nsPerChange ?? 0) / 2 } : { ...t, nsPerChange: (t.nsPerChange ?? 0) * 2 })),
    }));
    const merged = bestOfRounds([[...FAKE_RUNS], slower]);
    expect(merged).toHaveLength(FAKE_RUNS.length);
    const btree = merged.find((r) => r.contender === 'btree')!;
    const original = FAKE_RUNS.find((r) => r.contender === 'btree')!;
    expect(btree.tasks[0]?.nsPerChange).toBe(original.tasks[0]!.nsPerChange! / 2);
    expect(btree.tasks[1]?.nsPerChange).toBe(original.tasks[1]!.nsPerChange);
    expect(btree.tasks).toHaveLength(original.tasks.length);
    expect(btree.seconds).toBe(2 * original.seconds);
  });
});
