import type { Level, SideBook } from './true-book.js';

/**
 * The ask levels of a message with the true best ask one lot off (added if the message did not touch it), so the
 * wrong level is one every checksum covers.
 */
export function corruptBest(asks: readonly Level[], trueAsks: SideBook, lotUnits: bigint): Level[] {
  const best = trueAsks.best();
  if (best === undefined) return [...asks];
  const wrong: Level = [best, trueAsks.get(best) + lotUnits];
  return [wrong, ...asks.filter(([tick]) => tick !== best)].sort((a, b) => a[0] - b[0]);
}
