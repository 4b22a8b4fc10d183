import { describe, expect, it } from '@jest/globals';
import { assignSymbols, type LiveInstance } from './assignment.js';

const symbols = (n: number): string[] => Array.from({ length: n }, (_, i) => `binance-spot/SYM${i}USDT`);
const instances = (ids: string[], all: string[]): LiveInstance[] => ids.map((id) => ({ id, symbols: all }));
const counts = (assignment: Map<string, string[]>): number[] => [...assignment.values()].map((s) => s.length).sort();

describe('assignSymbols', () => {
  it('gives every symbol to exactly one instance', () => {
    const all = symbols(17);
    const assignment = assignSymbols(instances(['a', 'b', 'c'], all));
    expect([...assignment.values()].flat().sort()).toEqual([...all].sort());
  });

  it.each([
    [2, 10, [5, 5]],
    [2, 7, [3, 4]],
    [3, 9, [3, 3, 3]],
    [3, 10, [3, 3, 4]],
    [4, 3, [0, 1, 1, 1]],
  ])('spreads evenly: %i instances, %i symbols', (k, n, expected) => {
    const ids = Array.from({ length: k }, (_, i) => `host-${i}`);
    expect(counts(assignSymbols(instances(ids, symbols(n))))).toEqual(expected);
  });

  it('is the same whatever order the live set is read in', () => {
    const all = symbols(20);
    const one = assignSymbols(instances(['x', 'y', 'z'], all));
    const other = assignSymbols(instances(['z', 'x', 'y'], [...all].reverse()));
    for (const id of ['x', 'y', 'z']) expect(other.get(id)?.sort()).toEqual(one.get(id)?.sort());
  });

  it('moves only a few symbols besides the leaving instance’s own', () => {
    const all = symbols(60);
    const before = assignSymbols(instances(['a', 'b', 'c'], all));
    const after = assignSymbols(instances(['a', 'b'], all));
    const moved = ['a', 'b'].flatMap((id) => (before.get(id) ?? []).filter((s) => !(after.get(id) ?? []).includes(s)));
    expect(moved.length).toBeLessThanOrEqual(6);
  });

  it('gives a symbol only to an instance that can serve it', () => {
    const assignment = assignSymbols([
      { id: 'a', symbols: ['v/X', 'v/Y'] },
      { id: 'b', symbols: ['v/Y', 'v/Z'] },
    ]);
    expect(assignment.get('a')).toContain('v/X');
    expect(assignment.get('b')).toContain('v/Z');
  });
});
