import { describe, expect, it } from '@jest/globals';
import { crashHook } from './crash-hook.js';

describe('crashHook (LOB_TEST_CRASH_WORKER)', () => {
  it('reads <worker>:<ms> and nothing else, so a stray value never crashes a worker', () => {
    expect(crashHook('2:5000')).toEqual({ worker: 2, afterMs: 5000 });
    expect([undefined, '', '2', '2:', 'x:5', '1:5:6', ' 1:5'].map(crashHook)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});
