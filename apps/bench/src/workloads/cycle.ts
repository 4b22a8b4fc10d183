import { decimalKey, isZeroQuantity, type Level } from '@lob/core';
import { bookEvent, type BookEvent, type BookLevels } from './book-event.js';

/**
 * A replay that ends where it started: the recorded (or generated) events, then their inverses in reverse
 * order. A timed replay can loop it forever on one long-lived book, so the book ages like a real one
 * instead of being rebuilt from the snapshot (fresh nodes measure faster than they run).
 */
export interface ReplayCycle {
  /** The book the cycle starts and ends at. */
  readonly start: BookLevels;
  /** `forward` events, then one inverse event per forward event. */
  readonly events: readonly BookEvent[];
  /** How many of `events` are the original ones. */
  readonly forwardCount: number;
  /** Level changes in one whole cycle. */
  readonly changes: number;
}

type SideMap = Map<number, Level>;

function sideMap(levels: readonly Level[]): SideMap {
  const map: SideMap = new Map();
  for (const level of levels) {
    if (isZeroQuantity(level[1])) map.delete(decimalKey(level[0]));
    else map.set(decimalKey(level[0]), level);
  }
  return map;
}

/** Applies `levels` to `map` and returns the levels that undo them, already in the order to apply them. */
function applyAndInvert(map: SideMap, levels: readonly Level[], zero: string): Level[] {
  const undo: Level[] = new Array(levels.length);
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] as Level;
    const key = decimalKey(level[0]);
    // The level that was there (the very same array, so a finished cycle leaves identical objects behind), or a removal.
    undo[levels.length - 1 - i] = map.get(key) ?? [level[0], zero];
    if (isZeroQuantity(level[1])) map.delete(key);
    else map.set(key, level);
  }
  return undo;
}

/** Builds the forward + inverse cycle of `forward` played from `start`. */
export function buildCycle(start: BookLevels, forward: readonly BookEvent[], zero = '0.00000000'): ReplayCycle {
  const bids = sideMap(start.bids);
  const asks = sideMap(start.asks);
  const inverse: BookEvent[] = new Array(forward.length);
  let changes = 0;
  for (let i = 0; i < forward.length; i++) {
    const event = forward[i] as BookEvent;
    inverse[forward.length - 1 - i] = bookEvent(applyAndInvert(bids, event.bids, zero), applyAndInvert(asks, event.asks, zero));
    changes += 2 * event.changes;
  }
  return { start, events: [...forward, ...inverse], forwardCount: forward.length, changes };
}
