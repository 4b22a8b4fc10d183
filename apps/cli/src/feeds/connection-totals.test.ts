import { describe, expect, it } from '@jest/globals';
import { ConnectionTotals } from './connection-totals.js';

const counts = (total: number, open: number, frames: number, malformed: number, reconnects: number) => ({ total, open, frames, malformed, reconnects });

describe('ConnectionTotals', () => {
  it('adds up the current feeds', () => {
    expect(new ConnectionTotals().sum([counts(2, 1, 10, 1, 3), counts(1, 1, 5, 0, 0)])).toEqual(counts(3, 2, 15, 1, 3));
  });

  it('keeps what a retired feed received but not its connections', () => {
    const totals = new ConnectionTotals();
    totals.retire(counts(4, 4, 100, 2, 7));
    expect(totals.sum([])).toEqual(counts(0, 0, 100, 2, 7));
    expect(totals.sum([counts(1, 0, 1, 0, 1)])).toEqual(counts(1, 0, 101, 2, 8));
  });
});
