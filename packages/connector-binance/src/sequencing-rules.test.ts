import { readFileSync } from 'node:fs';
import type { DepthUpdate, UpdateVerdict } from '@lob/core';
import { describe, expect, it } from '@jest/globals';
import { futuresRules, spotRules } from './sequencing-rules.js';

interface Case {
  case: string;
  /** On a snapshot no event has continued yet, or on a book already chained. */
  bridging: boolean;
  U: number;
  u: number;
  pu?: number;
  id: number;
  expect: UpdateVerdict;
}

const cases = JSON.parse(readFileSync(new URL('./fixtures/sequencing-cases.json', import.meta.url), 'utf8')) as Record<'spot' | 'futures', Case[]>;

function update(c: Case): DepthUpdate {
  return { type: 'depth', symbol: 'BTCUSDT', firstId: c.U, lastId: c.u, prevLastId: c.pu, eventTime: 0, bids: [], asks: [] };
}

describe.each([
  ['spot', spotRules, cases.spot],
  ['futures (USD-M and COIN-M)', futuresRules, cases.futures],
] as const)('%s sequencing rules', (_name, rules, table) => {
  it.each(table.map((c) => [c.case, c] as const))('%s', (_label, c) => {
    expect(rules.classify(update(c), c.id, c.bridging)).toBe(c.expect);
  });
});
