import type { Level } from '@lob/core';

/** One diff event as the book sees it: the levels of each side, and how many level changes that is. */
export interface BookEvent {
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
  readonly changes: number;
}

/** Both sides of a starting book, best first. */
export interface BookLevels {
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
}

/** Wraps a pair of level lists as a BookEvent. */
export function bookEvent(bids: readonly Level[], asks: readonly Level[]): BookEvent {
  return { bids, asks, changes: bids.length + asks.length };
}
