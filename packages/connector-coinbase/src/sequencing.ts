import type { SequencingRules } from '@lob/core';

/**
 * Coinbase numbers messages per connection, not per product: core checks `connectionSeq` before any message reaches
 * a book, so an update that gets this far continues its book by that proof and is always applied.
 */
export const coinbaseSequencingRules: SequencingRules = {
  classify: () => 'apply',
};
