import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { copyText } from './text-copy.js';

describe('copyText', () => {
  it('gives exactly the text between the two positions, short or long', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.nat(), fc.nat(), (text, a, b) => {
        const start = Math.min(a, b) % (text.length + 1);
        const end = start + ((Math.max(a, b) - Math.min(a, b)) % (text.length - start + 1));
        expect(copyText(text, start, end)).toBe(text.slice(start, end));
      }),
      { numRuns: 2000 },
    );
  });

  it('copies every length from 0 to 40, the short slices and the long copies alike, from inside a long frame', () => {
    const frame = `{"stream":"x","data":${'["0123456789.0123456789.0123456789.0123456789"],'.repeat(50)}}`;
    for (let n = 0; n <= 40; n++) for (const start of [0, 23, 500]) expect(copyText(frame, start, start + n)).toBe(frame.slice(start, start + n));
  });

  it('keeps no frame alive: 40 long strings copied out of 40 frames of 1 MB hold far less than 40 MB', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void; // a gc function of its own, whether or not jest's process exposes one
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept: string[] = [];
    for (let i = 0; i < 40; i++) {
      const frame = Buffer.from(`${String(i).padStart(1 << 20, 'x')}"61800.30000000"`).toString('utf8');
      kept.push(copyText(frame, frame.length - 15, frame.length - 1));
    }
    gc();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(10 << 20);
    expect(kept[39]).toBe('61800.30000000');
  });
});
