import { describe, expect, it } from '@jest/globals';
import { priceKey } from '../book/price-key.js';
import { ReferenceOrderBook } from '../testing/reference-order-book.js';
import type { Level, Side } from '../types.js';
import { SnapshotReach } from './snapshot-reach.js';

/** A reference book that keeps no count: SnapshotReach must walk it. */
class WalkedBook extends ReferenceOrderBook {
  walks = 0;
  override levels(side: Side): IterableIterator<Level> {
    this.walks++;
    return super.levels(side);
  }
}

/** The same book offering levelsWithin, counting by brute force: SnapshotReach must ask it instead of walking. */
class CountingBook extends WalkedBook {
  asked: number[] = [];
  levelsWithin(side: Side, edgeKey: number): number {
    this.asked.push(edgeKey);
    return [...super.levels(side)].filter(([p]) => (side === 'bid' ? priceKey(p) >= edgeKey : priceKey(p) <= edgeKey)).length;
  }
}

const snapshot = {
  lastUpdateId: 1,
  bids: [['100', '1'], ['99', '1'], ['98', '1']] as Level[],
  asks: [['101', '1'], ['102', '1'], ['103', '1']] as Level[],
};

function loaded<B extends ReferenceOrderBook>(book: B): B {
  book.reset(snapshot.bids, snapshot.asks);
  // Past the snapshot's reach: levels the stream told of beyond the deepest price it showed.
  book.apply('bid', [['97', '1'], ['99.5', '2']]);
  book.apply('ask', [['104', '1']]);
  return book;
}

describe('SnapshotReach', () => {
  it('counts as exact the levels between the best and the deepest price a full snapshot showed, walking a book that keeps no count', () => {
    const reach = new SnapshotReach(3);
    reach.load(snapshot);
    const book = loaded(new WalkedBook());
    expect(reach.exactDepth(book)).toEqual({ bids: 4, asks: 3 });
    expect(book.walks).toBeGreaterThan(0);
  });

  it("asks a book that keeps the count, at the snapshot's edge, instead of walking it", () => {
    const reach = new SnapshotReach(3);
    reach.load(snapshot);
    const book = loaded(new CountingBook());
    expect(reach.exactDepth(book)).toEqual({ bids: 4, asks: 3 });
    expect(book.walks).toBe(2); // the brute-force count's own reads, one per side
    expect(book.asked).toEqual([priceKey('98'), priceKey('103')]);
    expect(reach.exact(book, 'bid', 2)).toBe(2);
  });

  it('counts every level as exact when the snapshot came back shorter than asked (the side is whole)', () => {
    const reach = new SnapshotReach(5);
    reach.load(snapshot);
    const book = loaded(new CountingBook());
    expect(reach.exactDepth(book)).toEqual({ bids: 5, asks: 4 });
    expect(book.asked).toEqual([]);
  });
});
