import type { Level, Side } from '../types.js';

/**
 * An L2 order book that keeps the exchange's exact decimal strings and orders levels numerically.
 * Every mutating call is synchronous and completes before it returns, so a reader never sees half an update.
 */
export interface OrderBook {
  /** Replaces the whole contents with these levels; nothing from before survives. */
  reset(bids: readonly Level[], asks: readonly Level[]): void;
  /** Removes every level. */
  clear(): void;
  /** Sets one level; quantity zero removes it, and removing an absent level is a no-op. */
  set(side: Side, price: string, quantity: string): void;
  /**
   * Applies a batch of level changes to one side atomically: on invalid input nothing is changed. `codes`, where the
   * decoder made them (see levelCode; NaN for a level it did not), spare the book reading the strings again.
   */
  apply(side: Side, levels: readonly Level[], codes?: readonly number[]): void;
  /**
   * Optional: applies a batch given as numbers only, its decoder having read every level: `codes` as for apply (none
   * NaN) and each level's spelling (see levelSpelling, none NaN), from which the book can write the strings again.
   * A book that has it need hold no string; a decoder that has it need make none.
   */
  applySpelled?(side: Side, codes: readonly number[], spellings: readonly number[]): void;
  /** The best level of a side (highest bid, lowest ask), or undefined when the side is empty. */
  best(side: Side): Level | undefined;
  /** The first `n` levels of a side, best first. */
  top(side: Side, n: number): Level[];
  /** Iterates a side best first. */
  levels(side: Side): IterableIterator<Level>;
  /** Number of levels on a side. */
  size(side: Side): number;
  /** The quantity string held at a price, or undefined when there is no such level. */
  quantityAt(side: Side, price: string): string | undefined;
  /**
   * Optional: how many levels of a side are at the price keyed `edgeKey` (see priceKey) or better. A book that has it
   * keeps that count as it changes, so asking again at the same edge costs nothing; without it, callers count by
   * walking the side (a whole book's walk on every update was most of a busy instance's time).
   */
  levelsWithin?(side: Side, edgeKey: number): number;
}

/** Makes an empty OrderBook; what connectors and supervisors are handed to build books. */
export type OrderBookFactory = () => OrderBook;
