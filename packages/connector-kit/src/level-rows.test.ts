import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Level } from '@lob/core';
import { describe, expect, it } from '@jest/globals';
import { codedRowsEnd } from './level-rows.js';

describe('codedRowsEnd', () => {
  it('reads rows, their codes, and where they end', () => {
    const text = '[["65000.01000000","0.50000000"],["64999.99","0.00000000"]],"a":[]';
    const out: Level[] = [];
    const codes: number[] = [];
    expect(codedRowsEnd(text, 0, out, codes)).toBe(text.indexOf(',"a"'));
    expect(out).toEqual([['65000.01000000', '0.50000000'], ['64999.99', '0.00000000']]);
    expect(codes).toEqual([6_500_001_000_000, -6_499_999_000_000 - 1]);
  });

  it('leaves no frame alive in the levels a book keeps (the non-zero ones), though deletions may view their frame', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void; // a gc function of its own, whether or not jest's process exposes one
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept: Level[] = [];
    for (let i = 0; i < 40; i++) {
      const frame = Buffer.from(`${String(i).padStart(1 << 20, 'x')}[["61800.30000000","1.25000000"],["61800.40000000","0.00000000"]]`).toString('utf8');
      const out: Level[] = [];
      codedRowsEnd(frame, 1 << 20, out, []);
      kept.push(out[0]!); // what a book keeps: the deletion is not kept
    }
    gc();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(10 << 20);
    expect(kept[39]).toEqual(['61800.30000000', '1.25000000']);
  });
});
