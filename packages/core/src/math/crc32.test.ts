import { describe, expect, it } from '@jest/globals';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { crc32, crc32Signed } from './crc32.js';

describe('crc32', () => {
  it('gives the standard check value and its signed form', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32Signed('123456789')).toBe(0xcbf43926 | 0);
    expect(crc32('')).toBe(0);
  });

  // zlib.crc32 exists from Node 20.15 / 22.2 only: where it does, it must agree with ours.
  const native = (zlib as { crc32?: (data: string) => number }).crc32;
  (native === undefined ? it.skip : it)('agrees with node:zlib crc32 on any ASCII text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary-ascii' }), (text) => crc32(text) === native!(text)));
  });
});
