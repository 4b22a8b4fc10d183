import type { OrderBook } from '@lob/core';

/**
 * What one frame did: carried no book, changed the book with nothing to check (a snapshot; a Kraken v1 book), or
 * was checked by the venue's proof (a checksum on OKX and Kraken, the id chain on Bybit and Coinbase) and passed it or not.
 */
export const NOT_BOOK = 0;
export const UNCHECKED = 1;
export const VERIFIED = 2;
export const MISMATCH = 3;
export type Outcome = typeof NOT_BOOK | typeof UNCHECKED | typeof VERIFIED | typeof MISMATCH;

/** One frame's work on a book, as a timed step does it. */
export type FrameWork = (frame: string) => Outcome;

/**
 * The two ways a venue's frames reach a book, compared by the benchmark. Both apply and verify the very same way
 * (the connector's applier and checksum, or its id rule where the venue sends no checksum); they differ only in how
 * a frame becomes levels.
 */
export interface VenuePaths {
  /** lob's live path: the connector's decoder (validation, normalized levels), apply, checksum or id-chain verify. */
  pipeline(book: OrderBook): FrameWork;
  /** The baseline: `JSON.parse`, the parsed rows handed to the same apply, the same verify. */
  baseline(book: OrderBook): FrameWork;
  /** The connector's decoder alone, to split the pipeline's cost between decoding and the book. */
  decode(frame: string): unknown;
  /** Level changes a frame carries (every level of a snapshot or update; 0 for acks and heartbeats). */
  changes(frame: string): number;
}
