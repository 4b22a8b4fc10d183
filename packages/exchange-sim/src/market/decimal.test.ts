import { describe, expect, it } from '@jest/globals';
import { compareDecimals, decimalsOf, formatUnits, isZeroDecimal, parseUnits } from './decimal.js';

describe('decimal', () => {
  it('formats integer units exactly, including the int64 cap that a double cannot hold', () => {
    expect(formatUnits(6500001000000, 8)).toBe('65000.01000000');
    expect(formatUnits(120000n, 8)).toBe('0.00120000');
    expect(formatUnits(0n, 8)).toBe('0.00000000');
    expect(formatUnits(9223372036854775807n, 8)).toBe('92233720368.54775807');
    expect(formatUnits(61800, 0)).toBe('61800');
    expect(formatUnits(5, 3)).toBe('0.005');
  });

  it('parses decimals into units and refuses what does not fit', () => {
    expect(parseUnits('0.01', 8)).toBe(1_000_000n);
    expect(parseUnits('92233720368.54775807', 8)).toBe(9223372036854775807n);
    expect(parseUnits('1.50', 1)).toBe(15n);
    expect(parseUnits('1.55', 1)).toBeUndefined();
    expect(parseUnits('-1', 2)).toBeUndefined();
    expect(parseUnits('1e3', 2)).toBeUndefined();
  });

  it('counts written decimals and recognises every spelling of zero', () => {
    expect(decimalsOf('0.10')).toBe(2);
    expect(decimalsOf('5')).toBe(0);
    expect(isZeroDecimal('0.00000000')).toBe(true);
    expect(isZeroDecimal('0')).toBe(true);
    expect(isZeroDecimal('0.001')).toBe(false);
  });

  it('compares decimals by value regardless of trailing zeros or length', () => {
    expect(compareDecimals('61800.20', '61800.2')).toBe(0);
    expect(compareDecimals('9.9', '10')).toBeLessThan(0);
    expect(compareDecimals('0.00577300', '0.005773001')).toBeLessThan(0);
    expect(compareDecimals('100', '99.99999999')).toBeGreaterThan(0);
  });
});
