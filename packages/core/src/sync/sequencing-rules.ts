import type { OrderBook } from '../book/order-book.js';
import type { DepthUpdate, StreamSnapshot } from './depth-update.js';

/**
 * What an update is to a book at a position: `apply` it (it continues the book), `stale` (already contained:
 * drop it), or `gap` (something was missed between: resync).
 */
export type UpdateVerdict = 'apply' | 'stale' | 'gap';

/**
 * An exchange's continuity rules, as one classification per update. `position` is where the book stands: a
 * snapshot's id, then the id of the last applied update. `bridging` is true while the book stands on a REST
 * snapshot that no update has continued yet (exchanges bridge a snapshot and chain later updates by different
 * rules); an in-stream snapshot is continued directly, so it never bridges. A venue without per-symbol ids
 * classifies every update `apply` and proves continuity by `verify`. The connector supplies the rules; core's
 * BookSync runs them.
 */
export interface SequencingRules {
  /** Classifies one update against a book at `position`. */
  classify(update: DepthUpdate, position: number, bridging: boolean): UpdateVerdict;
  /**
   * Where the exchange sends an integrity check (a checksum over the top of the book): true when the book, with
   * `message` applied (and trimmed to a client-trimmed window), passes it; a message that carries no check passes. A failure resyncs that symbol. Absent: continuity alone is the proof.
   */
  verify?(book: OrderBook, message: DepthUpdate | StreamSnapshot): boolean;
}
