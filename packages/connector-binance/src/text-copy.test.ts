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

  it('does not mistake another long text of the same length for a recurring one', () => {
    const texts = Array.from({ length: 10_000 }, (_, i) => `${String(i).padStart(5, '0')}.00000000`);
    for (const t of texts) expect(copyText(`"${t}"`, 1, t.length + 1)).toBe(t);
  });
});
