import type { Level } from '@lob/core';

/** Which of Kraken's spot WebSocket protocols a connection speaks. */
export type KrakenProtocol = 'v1' | 'v2';

/**
 * One book message of either protocol, normalized: the pair in lob's spelling (v2's, BTC/USD: see pairs.ts),
 * levels as `[price, quantity]` exact decimal strings in the order Kraken sent them (later entries are newer), and
 * the CRC32 Kraken computed after this message (v1 snapshots carry none).
 */
export interface KrakenBookMessage {
  readonly kind: 'snapshot' | 'update';
  readonly pair: string;
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
  readonly checksum: number | undefined;
  /** Kraken's time of the message in ms since the epoch, where it tells (v1: the newest level's; v2: `timestamp`). */
  readonly time?: number;
}

/** A subscription answer: `subscribed`/`unsubscribed` name the pair; `rejected` names it when Kraken did. */
export interface KrakenSubscriptionStatus {
  readonly kind: 'subscribed' | 'unsubscribed' | 'rejected';
  readonly pair: string | undefined;
  /** Kraken's error text for `rejected` (v1 `errorMessage`, v2 `error`), e.g. "Already subscribed". */
  readonly reason?: string;
}

/** Frames that only prove the connection alive or report the venue's state. */
export interface KrakenControl {
  readonly kind: 'heartbeat' | 'pong' | 'status';
}

/** What the v1 and v2 decoders turn one frame into. */
export type KrakenMessage = KrakenBookMessage | KrakenSubscriptionStatus | KrakenControl;
