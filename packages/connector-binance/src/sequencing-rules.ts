import type { DepthUpdate, SequencingRules } from '@lob/core';

/**
 * Spot: drop events with u <= lastUpdateId; the first applied event has U <= id+1 <= u; each later event
 * must start at or before the book's id + 1 (normally exactly U = previous u + 1).
 */
export const spotRules: SequencingRules = {
  staleForSnapshot: (update: DepthUpdate, snapshotId: number) => update.lastId <= snapshotId,
  bridgesSnapshot: (update: DepthUpdate, snapshotId: number) =>
    update.firstId <= snapshotId + 1 && update.lastId >= snapshotId + 1,
  staleForBook: (update: DepthUpdate, bookId: number) => update.lastId <= bookId,
  continuesBook: (update: DepthUpdate, bookId: number) => update.firstId <= bookId + 1,
};

/**
 * USD-M and COIN-M futures: drop events with u < lastUpdateId; the first applied event has
 * U <= lastUpdateId <= u; each later event's pu must equal the previous event's u (U may jump).
 */
export const futuresRules: SequencingRules = {
  staleForSnapshot: (update: DepthUpdate, snapshotId: number) => update.lastId < snapshotId,
  bridgesSnapshot: (update: DepthUpdate, snapshotId: number) =>
    update.firstId <= snapshotId && snapshotId <= update.lastId,
  staleForBook: (update: DepthUpdate, bookId: number) => update.lastId <= bookId,
  continuesBook: (update: DepthUpdate, bookId: number) => update.prevLastId === bookId,
};
