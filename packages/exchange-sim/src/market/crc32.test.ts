import { describe, expect, it } from '@jest/globals';
import { crc32 } from './crc32.js';

describe('crc32', () => {
  it('gives the standard check value of "123456789"', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
  });

  it('is 0 for the empty string and differs when one character does', () => {
    expect(crc32('')).toBe(0);
    expect(crc32('65000.1:2')).not.toBe(crc32('65000.1:3'));
  });
});
