import type { Level, Side } from '../types.js';
import { BookError } from '../errors.js';
import { isZeroQuantity } from './price-key.js';
import type { OrderBook } from './order-book.js';
import type { LevelIndexFactory } from './level-index.js';
import { BookSide } from './book-side.js';

/**
 * The OrderBook behaviour every tree-backed book shares: exact strings, numeric keys, atomic batches and a
 * cached best level. A book package only supplies the ordered index it is built on.
 */
export class SortedOrderBook implements OrderBook {
  private readonly bids: BookSide;
  private readonly asks: BookSide;

  constructor(newIndex: LevelIndexFactory) {
    this.bids = new BookSide(newIndex(), -1);
    this.asks = new BookSide(newIndex(), 1);
  }

  private side(side: Side): BookSide {
    if (side === 'bid') return this.bids;
    if (side === 'ask') return this.asks;
    throw new BookError('invalid-argument', `side must be "bid" or "ask", not ${JSON.stringify(side)}`);
  }

  reset(bids: readonly Level[], asks: readonly Level[]): void {
    this.clear();
    this.bids.applyAll(bids);
    this.asks.applyAll(asks);
  }

  clear(): void {
    this.bids.clear();
    this.asks.clear();
  }

  set(side: Side, price: string, quantity: string): void {
    const s = this.side(side);
    const key = s.keyOf(price);
    s.write(key, [price, quantity], isZeroQuantity(quantity));
  }

  apply(side: Side, levels: readonly Level[], codes?: readonly number[]): void {
    this.side(side).applyAll(levels, codes);
  }

  best(side: Side): Level | undefined {
    return this.side(side).best();
  }

  top(side: Side, n: number): Level[] {
    const out: Level[] = [];
    if (n > 0) this.side(side).index.take(n, out);
    return out;
  }

  levels(side: Side): IterableIterator<Level> {
    return this.side(side).index.values();
  }

  size(side: Side): number {
    return this.side(side).index.size;
  }

  quantityAt(side: Side, price: string): string | undefined {
    const s = this.side(side);
    return s.index.get(s.keyOf(price))?.[1];
  }

  levelsWithin(side: Side, edgeKey: number): number {
    // Bid keys are negated prices: a bid at the edge or better has a key at most -edgeKey.
    return side === 'bid' ? this.bids.countWithin(-edgeKey) : this.side(side).countWithin(edgeKey);
  }
}
