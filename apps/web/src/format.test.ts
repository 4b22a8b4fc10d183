import { describe, expect, it } from '@jest/globals';
import { formatLatency, formatRate, latencyBetween, ratePerSecond } from './format.js';

describe('formatLatency', () => {
  it('reads µs, ms and s by size, and a dash when unknown', () => {
    expect(formatLatency(0.042)).toBe('42 µs');
    expect(formatLatency(3.456)).toBe('3.5 ms');
    expect(formatLatency(250.4)).toBe('250 ms');
    expect(formatLatency(12_345)).toBe('12.3 s');
    expect(formatLatency(undefined)).toBe('—');
    expect(formatLatency(null)).toBe('—');
    expect(formatLatency(-1)).toBe('—');
  });
});

describe('latencyBetween', () => {
  it('is unknown when the exchange sends no time (null) or none was applied yet (0)', () => {
    expect(latencyBetween(1000, 1003.5)).toBe(3.5);
    expect(latencyBetween(null, 1003)).toBeUndefined();
    expect(latencyBetween(0, 1003)).toBeUndefined();
    expect(latencyBetween(1000, undefined)).toBeUndefined();
  });
});

describe('ratePerSecond and formatRate', () => {
  it('derives updates per second from two readings of the counter', () => {
    expect(ratePerSecond({ count: 100, time: 1000 }, { count: 150, time: 1500 })).toBe(100);
    expect(formatRate(ratePerSecond({ count: 100, time: 1000 }, { count: 103, time: 2000 }))).toBe('3.0/s');
    expect(formatRate(123.4)).toBe('123/s');
  });

  it('has no rate from one reading, a clock that did not move, or a counter that went back', () => {
    expect(ratePerSecond(undefined, { count: 1, time: 1 })).toBeUndefined();
    expect(ratePerSecond({ count: 1, time: 5 }, { count: 2, time: 5 })).toBeUndefined();
    expect(ratePerSecond({ count: 9, time: 1 }, { count: 2, time: 5 })).toBeUndefined();
    expect(formatRate(undefined)).toBe('—');
  });
});
