import { describe, expect, it } from '@jest/globals';
import { formatLatency } from './format.js';

describe('formatLatency', () => {
  it('shows microseconds below a millisecond, one decimal below 10 ms, whole ms and seconds above', () => {
    expect([0.018, 0.9994, 2.46, 12.3, 350, 2_100].map(formatLatency)).toEqual(['18 µs', '999 µs', '2.5 ms', '12 ms', '350 ms', '2.1 s']);
  });

  it('keeps the sign where our clock is behind the exchange\'s', () => {
    expect(formatLatency(-3.2)).toBe('-3.2 ms');
  });
});
