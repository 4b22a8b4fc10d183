import type { OrderBook } from '../book/order-book.js';
import { decimalKey } from '../book/price-key.js';
import type { BookSnapshot, Level, Side } from '../types.js';

/** How many top levels per side are guaranteed to be the exchange's. */
export interface ExactDepth {
  readonly bids: number;
  readonly asks: number;
}

/**
 * How far the last snapshot reached on each side. A side that came back with as many levels as were asked may
 * have more beyond its deepest price that the snapshot never showed; the stream only tells about levels that
 * change, so between the best and that price the book is the exchange's, beyond it it may have holes. A side that
 * came back shorter is whole. `levelsAsked` undefined means the exchange maintains the window: everything is exact.
 */
export class SnapshotReach {
  private bidEdge: number | undefined;
  private askEdge: number | undefined;

  constructor(private readonly levelsAsked: number | undefined) {}

  /** Remembers the reach of a snapshot just loaded into the book. */
  load(snapshot: BookSnapshot): void {
    this.bidEdge = this.edgeOf(snapshot.bids);
    this.askEdge = this.edgeOf(snapshot.asks);
  }

  /** True when the side may have holes past the snapshot's reach (it came back with as many levels as asked). */
  bounded(side: Side): boolean {
    return (side === 'bid' ? this.bidEdge : this.askEdge) !== undefined;
  }

  /** Levels of `side`, best first, that are exact; counting stops at `upTo` (cheap checks ask only that far). */
  exact(book: OrderBook, side: Side, upTo = Infinity): number {
    const edge = side === 'bid' ? this.bidEdge : this.askEdge;
    if (edge === undefined) return Math.min(book.size(side), upTo);
    if (book.levelsWithin !== undefined && Number.isFinite(edge)) return Math.min(book.levelsWithin(side, edge), upTo);
    let n = 0;
    for (const [price] of book.levels(side)) {
      if (n >= upTo) break;
      const key = decimalKey(price);
      if (side === 'bid' ? key < edge : key > edge) break;
      n++;
    }
    return n;
  }

  /** Both sides at once. */
  exactDepth(book: OrderBook): ExactDepth {
    return { bids: this.exact(book, 'bid'), asks: this.exact(book, 'ask') };
  }

  private edgeOf(levels: readonly Level[]): number | undefined {
    if (this.levelsAsked === undefined || levels.length < this.levelsAsked) return undefined;
    const deepest = levels[levels.length - 1];
    return deepest === undefined ? undefined : decimalKey(deepest[0]);
  }
}
