import { isZeroQuantity, type Level, type OrderBook, type Side } from '@lob/core';
import { checkBatch, checkSide, floatKey } from './float-key.js';

/**
 * One side of a baseline book, keyed by floatKey(price). Each baseline supplies only this: its own storage and
 * its own way of reading best, top and levels, so what the bench measures is the structure, not the plumbing.
 */
export interface BaselineSide {
  /** Sets the level at `key`, or removes it when `zero`; removing an absent level is a no-op. */
  write(key: number, level: Level, zero: boolean): void;
  clear(): void;
  best(): Level | undefined;
  /** The first `n` levels, best first (the side decides what a non-positive `n` gives). */
  top(n: number): Level[];
  levels(): IterableIterator<Level>;
  size(): number;
  quantityAt(key: number): string | undefined;
}

/**
 * The OrderBook plumbing the baselines share: side checks, price and batch validation, and routing to the two
 * sides. The bench runs one contender per process, so each process sees a single side class here.
 */
export class BaselineBook<S extends BaselineSide> implements OrderBook {
  constructor(
    private readonly bids: S,
    private readonly asks: S,
  ) {}

  private side(side: Side): S {
    checkSide(side);
    return side === 'bid' ? this.bids : this.asks;
  }

  /** Validates the whole batch first (checkBatch), so a bad level leaves the side untouched. */
  private writeAll(s: S, levels: readonly Level[]): void {
    const { keys, zero } = checkBatch(levels);
    for (let i = 0; i < levels.length; i++) s.write(keys[i] as number, levels[i] as Level, zero[i] === 1);
  }

  reset(bids: readonly Level[], asks: readonly Level[]): void {
    this.clear();
    this.writeAll(this.bids, bids);
    this.writeAll(this.asks, asks);
  }

  clear(): void {
    this.bids.clear();
    this.asks.clear();
  }

  set(side: Side, price: string, quantity: string): void {
    const s = this.side(side);
    s.write(floatKey(price), [price, quantity], isZeroQuantity(quantity));
  }

  apply(side: Side, levels: readonly Level[]): void {
    this.writeAll(this.side(side), levels);
  }

  best(side: Side): Level | undefined {
    return this.side(side).best();
  }

  top(side: Side, n: number): Level[] {
    return this.side(side).top(n);
  }

  levels(side: Side): IterableIterator<Level> {
    return this.side(side).levels();
  }

  size(side: Side): number {
    return this.side(side).size();
  }

  quantityAt(side: Side, price: string): string | undefined {
    const s = this.side(side);
    return s.quantityAt(floatKey(price));
  }
}
