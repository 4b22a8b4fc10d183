import type { Level } from '@lob/core';
import { describe, expect, it } from '@jest/globals';
import { checksumInput, okxChecksumOfLevels } from './checksum.js';

const level = (price: string, size: string): Level => [price, size];

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
