import { BookError, type Level, type OrderBook, type Side } from '@lob/core';
import { PackedBookSide } from './packed-book-side.js';

/**
 * An OrderBook that holds every level as two numbers (signed key, spelling) in chunked double arrays and spells the
 * exact strings again on read. A book of strings keeps a young [price, quantity] tuple per change alive in old
 * arrays, which costs write barriers, promotion and tracing in the collector as much as parsing the frame did; a
 * book of numbers has none of that. Behaves exactly as SortedOrderBook: atomic batches, cached best, fence counts.
 */
export class PackedOrderBook implements OrderBook {
  private readonly bids = new PackedBookSide(-1);
  private readonly asks = new PackedBookSide(1);

  private side(side: Side): PackedBookSide {
    if (side === 'bid') return this.bids;
    if (side === 'ask') return this.asks;
    throw new BookError('invalid-argument', `side must be "bid" or "ask", not ${JSON.stringify(side)}`);
  }

  /** Replaces the whole contents with these levels. */
  reset(bids: readonly Level[], asks: readonly Level[]): void {
    this.clear();
    this.bids.applyAll(bids);
    this.asks.applyAll(asks);
  }

  /** Removes every level. */
  clear(): void {
    this.bids.clear();
    this.asks.clear();
  }

  /** Sets one level; quantity zero removes it. */
  set(side: Side, price: string, quantity: string): void {
    this.side(side).set(price, quantity);
  }

  /** Applies a batch to one side atomically, taking a decoder's codes where given. */
  apply(side: Side, levels: readonly Level[], codes?: readonly number[]): void {
    this.side(side).applyAll(levels, codes);
  }

  /** Applies a batch given as numbers only: no string is read or held. */
  applySpelled(side: Side, codes: readonly number[], spellings: readonly number[]): void {
    this.side(side).applySpelled(codes, spellings);
  }

  /** The best level of a side, or undefined when it is empty. */
  best(side: Side): Level | undefined {
    return this.side(side).best();
  }

  /** The first `n` levels of a side, best first. */
  top(side: Side, n: number): Level[] {
    const out: Level[] = [];
    if (n > 0) this.side(side).take(n, out);
    return out;
  }

  /** Iterates a side best first. */
  levels(side: Side): IterableIterator<Level> {
    return this.side(side).levels();
  }

  /** Number of levels on a side. */
  size(side: Side): number {
    return this.side(side).index.size;
  }

  /** The quantity string held at a price, or undefined when there is no such level. */
  quantityAt(side: Side, price: string): string | undefined {
    const s = this.side(side);
    return s.quantityAt(s.keyOf(price));
  }

  /** How many levels of a side are at the price keyed `edgeKey` or better. */
  levelsWithin(side: Side, edgeKey: number): number {
    // Bid keys are negated prices: a bid at the edge or better has a key at most -edgeKey.
    return side === 'bid' ? this.bids.countWithin(-edgeKey) : this.side(side).countWithin(edgeKey);
  }

  /** How many levels of a side are held as written rather than as numbers: for tests. */
  exoticCount(side: Side): number {
    return this.side(side).exotic.size;
  }
}

/** Makes an empty packed book. */
export function createPackedBook(): OrderBook {
  return new PackedOrderBook();
}
