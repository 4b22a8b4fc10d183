import { describe, expect, it } from '@jest/globals';
import { addDecimals, subtractDecimals } from './decimal.js';

describe('addDecimals', () => {
  it('adds exactly where floats would not', () => {
    expect(addDecimals('0.1', '0.2')).toBe('0.3');
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(addDecimals('123456789012345678.00000001', '0.00000001')).toBe('123456789012345678.00000002');
  });

  it('keeps the finer scale of the two, trailing zeros included', () => {
    expect(addDecimals('1.50', '0.125')).toBe('1.625');
    expect(addDecimals('2.25498000', '87.37595000')).toBe('89.63093000');
    expect(addDecimals('0', '0.00000000')).toBe('0.00000000');
    expect(addDecimals('7', '3')).toBe('10');
    expect(addDecimals('0.5', '0.5')).toBe('1.0');
  });

  it('refuses what is not a plain non-negative decimal rather than guessing', () => {
    expect(addDecimals('1e-8', '1')).toBeUndefined();
    expect(addDecimals('-1', '1')).toBeUndefined();
    expect(addDecimals('', '1')).toBeUndefined();
    expect(addDecimals('1.2.3', '1')).toBeUndefined();
  });
});

describe('subtractDecimals', () => {
  it('gives the exact spread, negative when the second is larger', () => {
    expect(subtractDecimals('65000.01000000', '64999.64000000')).toBe('0.37000000');
    expect(subtractDecimals('3499.23', '3499.1300')).toBe('0.1000');
    expect(subtractDecimals('1', '1.5')).toBe('-0.5');
    expect(subtractDecimals('x', '1')).toBeUndefined();
  });
});
