import type { DepthUpdate, SequencingRules, UpdateVerdict } from '@lob/core';

/**
 * Spot: an event with u <= the book's id is already in it; otherwise it must start at or before id + 1 (normally
 * exactly U = previous u + 1). On a snapshot that is BINANCE.md's bridge, U <= id+1 <= u, with u > id given.
 */
export const spotRules: SequencingRules = {
  classify(update: DepthUpdate, position: number): UpdateVerdict {
    if (update.lastId <= position) return 'stale';
    return update.firstId <= position + 1 ? 'apply' : 'gap';
  },
};

/**
 * USD-M and COIN-M futures: on a snapshot, events with u < lastUpdateId are in it and the first applied one has
 * U <= lastUpdateId <= u; after that each event's pu must equal the previous event's u (U may jump).
 */
export const futuresRules: SequencingRules = {
  classify(update: DepthUpdate, position: number, bridging: boolean): UpdateVerdict {
    if (bridging) {
      if (update.lastId < position) return 'stale';
      return update.firstId <= position ? 'apply' : 'gap';
    }
    if (update.lastId <= position) return 'stale';
    return update.prevLastId === position ? 'apply' : 'gap';
  },
};
