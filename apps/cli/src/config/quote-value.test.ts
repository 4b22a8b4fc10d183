import { describe, expect, it } from '@jest/globals';
import { quoteValue } from './quote-value.js';

describe('quoteValue', () => {
  it('quotes a short printable value as JSON does', () => {
    expect(quoteValue('BTC/USD')).toBe('"BTC/USD"');
  });

  it('escapes control characters and anything beyond ASCII', () => {
    expect(quoteValue('a\u001b[31mb\u0000ſ\u202e')).toBe('"a\\u001b[31mb\\u0000\\u017f\\u202e"');
  });

  it('cuts a long value and says how long it was', () => {
    expect(quoteValue('x'.repeat(100_000), 5)).toBe('"xxxxx"… (100000 characters)');
  });
});
