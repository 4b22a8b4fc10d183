import type { DepthUpdate, SequencingRules, UpdateVerdict } from '@lob/core';

/**
 * Bybit's continuity rule for a delta against a book at `position` (the last `u` it took): `u == position + 1`
 * continues it, `u <= position` is already contained, anything higher means pushes were lost. Bybit numbers each
 * symbol's pushes by `u` alone (no previous id is sent); `seq` is the matching engine's sequence across symbols and
 * proves nothing per book.
 */
export function classify(update: DepthUpdate, position: number): UpdateVerdict {
  const u = update.lastId;
  if (u === position + 1) return 'apply';
  return u <= position ? 'stale' : 'gap';
}

/**
 * Bybit's SequencingRules for core. No `verify`: Bybit sends no checksum, the `u` chain is the proof. A snapshot
 * (a new subscription's first push, or `u == 1` after Bybit's service restarted) replaces the book whatever it held.
 */
export const bybitSequencingRules: SequencingRules = {
  classify: (update, position) => classify(update, position),
};
