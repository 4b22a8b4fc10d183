import type { Level } from '../types.js';

/**
 * One side of a book as an ordered map from numeric key to level, smallest key first. Bid keys are negated
 * prices, so for both sides "smallest key" means "best level". Book packages implement this on their tree;
 * SortedOrderBook supplies everything else once.
 */
export interface LevelIndex {
  /** Number of levels held. */
  readonly size: number;
  /** The level at a key. */
  get(key: number): Level | undefined;
  /** Inserts or replaces the level at a key. */
  set(key: number, level: Level): void;
  /** Removes the level at a key, if any. */
  delete(key: number): void;
  /** The level with the smallest key. */
  first(): Level | undefined;
  /** Appends up to `n` levels, smallest key first, to `out`. */
  take(n: number, out: Level[]): void;
  /** Iterates levels, smallest key first. */
  values(): IterableIterator<Level>;
  /** Removes every level. */
  clear(): void;
}

/** Makes an empty LevelIndex. */
export type LevelIndexFactory = () => LevelIndex;
