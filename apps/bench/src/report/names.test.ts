import { describe, expect, it } from '@jest/globals';
import { matchesFilter } from './names.js';

describe('matchesFilter', () => {
  it('selects every task without a filter and by a substring in any case', () => {
    expect(matchesFilter('spot-BTCUSDT-2024/pipeline/chunked', undefined)).toBe(true);
    expect(matchesFilter('spot-BTCUSDT-2024/pipeline/chunked', 'btcusdt')).toBe(true);
    expect(matchesFilter('spot-BTCUSDT-2024/pipeline/chunked', 'usdm')).toBe(false);
  });

  it('selects a task matching any one of comma-separated substrings, and nothing for empty parts', () => {
    const filter = '/json-parse/chunked,/pipeline-fallback/';
    expect(matchesFilter('usdm-BTCUSDT-2024/json-parse/chunked', filter)).toBe(true);
    expect(matchesFilter('usdm-BTCUSDT-2024/pipeline-fallback/btree', filter)).toBe(true);
    expect(matchesFilter('usdm-BTCUSDT-2024/pipeline/btree', filter)).toBe(false);
    expect(matchesFilter('usdm-BTCUSDT-2024/pipeline/btree', ',')).toBe(false);
  });
});
