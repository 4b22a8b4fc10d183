import { describe, expect, it } from '@jest/globals';
import { depthChartData, ladderSide } from './depth.js';
import type { Level } from './types.js';

const bids: Level[] = [
  ['100.50', '1.10000000'],
  ['100.40', '0.20000000'],
  ['100.10', '3.00000000'],
];
const asks: Level[] = [
  ['100.60', '0.5'],
  ['100.70', '0.25'],
];

describe('ladderSide', () => {
  it('keeps the exchange strings and adds exact running totals from the best level', () => {
    expect(ladderSide(bids, 1000)).toEqual([
      { price: '100.50', qty: '1.10000000', total: '1.10000000', exact: true },
      { price: '100.40', qty: '0.20000000', total: '1.30000000', exact: true },
      { price: '100.10', qty: '3.00000000', total: '4.30000000', exact: true },
    ]);
  });

  it('marks levels beyond the exact depth', () => {
    expect(ladderSide(bids, 2).map((l) => l.exact)).toEqual([true, true, false]);
    expect(ladderSide(bids, 0).map((l) => l.exact)).toEqual([false, false, false]);
  });

  it('gives no total from a quantity it cannot add exactly, and none after it', () => {
    expect(ladderSide([['1', '2'], ['0.9', 'NaN'], ['0.8', '1']], 3).map((l) => l.total)).toEqual(['2', undefined, undefined]);
  });
});

describe('depthChartData', () => {
  it('puts the bids from the deepest up, then the asks, on one ascending price axis', () => {
    const data = depthChartData(ladderSide(bids, 1000), ladderSide(asks, 1000), { bids: 1000, asks: 1000 });
    expect(data.x).toEqual([100.1, 100.4, 100.5, 100.6, 100.7]);
    expect(data.bids).toEqual([4.3, 1.3, 1.1, null, null]);
    expect(data.asks).toEqual([null, null, null, 0.5, 0.75]);
    expect(data.mid).toBeCloseTo(100.55);
  });

  it('shows the prices as far on each side of the mid as the shorter side reaches', () => {
    const data = depthChartData(ladderSide(bids, 1000), ladderSide(asks, 1000), { bids: 1000, asks: 1000 });
    // The asks reach 0.15 above the mid (100.55), the bids 0.45 below it: 0.15 each way.
    expect(data.xMin).toBeCloseTo(100.4);
    expect(data.xMax).toBeCloseTo(100.7);
    const oneSided = depthChartData(ladderSide(bids, 3), [], { bids: 3, asks: 0 });
    expect([oneSided.xMin, oneSided.xMax]).toEqual([100.1, 100.5]);
    const empty = depthChartData([], [], { bids: 0, asks: 0 });
    expect([empty.xMin, empty.xMax, empty.mid]).toEqual([null, null, null]);
  });

  it('marks as exact the prices from the deepest exact bid to the deepest exact ask', () => {
    const all = depthChartData(ladderSide(bids, 1000), ladderSide(asks, 1000), { bids: 1000, asks: 1000 });
    expect([all.exactLow, all.exactHigh]).toEqual([100.1, 100.7]);
    const some = depthChartData(ladderSide(bids, 2), ladderSide(asks, 1), { bids: 2, asks: 1 });
    expect([some.exactLow, some.exactHigh]).toEqual([100.4, 100.6]);
  });

  it('has no exact region when the book is not in sync, and no mid with a side empty', () => {
    const none = depthChartData(ladderSide(bids, 0), ladderSide(asks, 0), { bids: 0, asks: 0 });
    expect([none.exactLow, none.exactHigh]).toEqual([null, null]);
    const oneSided = depthChartData(ladderSide(bids, 3), [], { bids: 3, asks: 0 });
    expect(oneSided.mid).toBeNull();
    expect([oneSided.exactLow, oneSided.exactHigh]).toEqual([100.1, 100.5]);
  });
});
