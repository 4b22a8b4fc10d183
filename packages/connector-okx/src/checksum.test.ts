import * as zlib from 'node:zlib';
import fc from 'fast-check';
import type { Level } from '@lob/core';
import { describe, expect, it } from '@jest/globals';
import { checksumInput, okxChecksumOfLevels } from './checksum.js';
import { crc32Signed } from './crc32.js';

const level = (price: string, size: string): Level => [price, size];

describe('crc32Signed', () => {
  it('gives the standard CRC-32 check value, signed', () => {
    // The CRC-32 check value of "123456789" is 0xCBF43926.
    expect(crc32Signed('123456789')).toBe(0xcbf43926 | 0);
    expect(crc32Signed('')).toBe(0);
  });

  // zlib.crc32 exists from Node 20.15 / 22.2 only: where it does, it must agree with ours.
  const zlibCrc32 = (zlib as { crc32?: (data: string) => number }).crc32;
  (zlibCrc32 === undefined ? it.skip : it)('agrees with node:zlib crc32 on any ASCII text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary-ascii' }), (text) => crc32Signed(text) === (zlibCrc32!(text) | 0)));
  });
});

describe('checksumInput', () => {
  it('interleaves bid and ask levels, best first', () => {
    expect(checksumInput([level('3', '1'), level('2', '4')], [level('4', '2'), level('5', '3')])).toBe('3:1:4:2:2:4:5:3');
  });

  it('continues with the longer side once the shorter runs out', () => {
    expect(checksumInput([level('3', '1')], [level('4', '2'), level('5', '3'), level('6', '7')])).toBe('3:1:4:2:5:3:6:7');
    expect(checksumInput([level('3', '1'), level('2', '9')], [])).toBe('3:1:2:9');
  });

  it('covers 25 levels of each side and no more', () => {
    const bids = Array.from({ length: 30 }, (_, i) => level(String(100 - i), '1'));
    const asks = Array.from({ length: 30 }, (_, i) => level(String(101 + i), '2'));
    const parts = checksumInput(bids, asks).split(':');
    expect(parts).toHaveLength(100);
    expect(parts.slice(-4)).toEqual(['76', '1', '125', '2']);
  });

  it('uses the strings as sent: "1.0" and "1" give different checksums', () => {
    expect(okxChecksumOfLevels([level('1.0', '2')], [])).not.toBe(okxChecksumOfLevels([level('1', '2')], []));
  });
});
