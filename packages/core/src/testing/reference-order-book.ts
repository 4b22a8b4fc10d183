import type { OrderBook } from '../book/order-book.js';
import { BookError } from '../errors.js';
import { compareDecimal, normalizeDecimal, parseDecimal } from '../math/decimal.js';
import type { Level, Side } from '../types.js';

/**
 * A trivially correct OrderBook: a map from canonical price to level, sorted with exact BigInt comparison on
 * every read. Slow on purpose; it is the model the real books are checked against.
 */
export class ReferenceOrderBook implements OrderBook {
  private readonly sides: Record<Side, Map<string, Level>> = { bid: new Map(), ask: new Map() };

  reset(bids: readonly Level[], asks: readonly Level[]): void {
    const next = { bid: new Map<string, Level>(), ask: new Map<string, Level>() };
    for (const [side, levels] of [['bid', bids], ['ask', asks]] as const) {
      for (const level of levels) this.write(next[side], level[0], level[1]);
    }
    this.sides.bid = next.bid;
    this.sides.ask = next.ask;
  }

  clear(): void {
    this.sides.bid.clear();
    this.sides.ask.clear();
  }

  set(side: Side, price: string, quantity: string): void {
    this.write(this.map(side), price, quantity);
  }

  apply(side: Side, levels: readonly Level[]): void {
    const copy = new Map(this.map(side));
    for (const level of levels) this.write(copy, level[0], level[1]);
    this.sides[side] = copy;
  }

  best(side: Side): Level | undefined {
    return this.sorted(side)[0];
  }

  top(side: Side, n: number): Level[] {
    return this.sorted(side).slice(0, Math.max(0, n));
  }

  levels(side: Side): IterableIterator<Level> {
    return this.sorted(side)[Symbol.iterator]();
  }

  size(side: Side): number {
    return this.map(side).size;
  }

  quantityAt(side: Side, price: string): string | undefined {
    return this.map(side).get(canonical(price, 'invalid-price'))?.[1];
  }

  private map(side: Side): Map<string, Level> {
    if (side !== 'bid' && side !== 'ask') throw new BookError('invalid-argument', `bad side ${String(side)}`);
    return this.sides[side];
  }

  private write(map: Map<string, Level>, price: string, quantity: string): void {
    const key = canonical(price, 'invalid-price');
    const qty = parseDecimal(canonicalText(quantity, 'invalid-quantity'));
    if (qty.units === 0n) map.delete(key);
    else map.set(key, [price, quantity]);
  }

  private sorted(side: Side): Level[] {
    const levels = [...this.map(side).values()];
    const sign = side === 'bid' ? -1 : 1;
    return levels.sort((a, b) => sign * compareDecimal(parseDecimal(a[0]), parseDecimal(b[0])));
  }
}

function canonicalText(text: string, reason: 'invalid-price' | 'invalid-quantity'): string {
  if (!/^\d+(\.\d*)?$/.test(text)) throw new BookError(reason, `not a decimal: ${JSON.stringify(text)}`);
  return text;
}

function canonical(text: string, reason: 'invalid-price' | 'invalid-quantity'): string {
  return normalizeDecimal(canonicalText(text, reason));
}
