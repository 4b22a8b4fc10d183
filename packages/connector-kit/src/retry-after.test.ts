import { describe, expect, it } from '@jest/globals';
import { retryAfterMsOf } from './retry-after.js';

describe('retryAfterMsOf', () => {
  it('reads whole seconds, and an HTTP date counted from now', () => {
    expect(retryAfterMsOf('7')).toBe(7_000);
    expect(retryAfterMsOf(['3', '9'])).toBe(3_000);
    expect(retryAfterMsOf('0')).toBe(0);
    const now = Date.parse('Sun, 29 Nov 2026 20:00:00 GMT');
    expect(retryAfterMsOf('Sun, 29 Nov 2026 20:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMsOf('Sun, 29 Nov 2026 19:59:00 GMT', now)).toBe(0);
  });

  it('says nothing, never 0, for a missing, empty or unreadable header', () => {
    for (const value of [undefined, '', '  ', 'soon', '-5', '1.5']) expect(retryAfterMsOf(value)).toBeUndefined();
  });
});
