import type { DepthUpdate } from './depth-update.js';

/**
 * An exchange's rules for ordering diff events against a snapshot and each other. The connector supplies
 * them; core's BookSync runs them. `bookId` is the id the book is at: the snapshot's lastUpdateId, then the
 * final id of the last applied event.
 */
export interface SequencingRules {
  /** While bridging: the event is already contained in a snapshot at `snapshotId` and is dropped. */
  staleForSnapshot(update: DepthUpdate, snapshotId: number): boolean;
  /** The first event applied on top of a snapshot at `snapshotId` must satisfy this. */
  bridgesSnapshot(update: DepthUpdate, snapshotId: number): boolean;
  /** After the bridge: the event is old (already applied) and is dropped. */
  staleForBook(update: DepthUpdate, bookId: number): boolean;
  /** After the bridge: the event follows the last applied one with nothing missed in between. */
  continuesBook(update: DepthUpdate, bookId: number): boolean;
}
