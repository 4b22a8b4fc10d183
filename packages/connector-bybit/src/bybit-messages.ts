import type { Level } from '@lob/core';

/** An order-book push: the whole book (`snapshot`) or the changes since the last push (`delta`). */
export interface BybitBookMessage {
  readonly type: 'book';
  readonly kind: 'snapshot' | 'delta';
  /** `orderbook.{depth}.{symbol}` as sent. */
  readonly topic: string;
  /** `data.s`. */
  readonly symbol: string;
  /** The depth the topic names. */
  readonly depth: number;
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
  /** `data.u`: the symbol's update id, +1 per push; 1 on a snapshot after Bybit's service restarted. */
  readonly u: number;
  /** `data.seq`: the matching engine's cross-symbol sequence (only increases); information, not the proof. */
  readonly seq: number | undefined;
  /** `ts`: when Bybit's market-data service produced the push, ms. */
  readonly ts: number;
  /** `cts`: the matching engine's time of this state, ms, where sent. */
  readonly cts: number | undefined;
}

/** Bybit's answer to one of our requests (`op` subscribe, unsubscribe or ping). */
export interface BybitReply {
  readonly type: 'reply';
  readonly op: string;
  readonly success: boolean;
  /** `ret_msg` as sent ("" on success, "pong" answering a ping, the error otherwise). */
  readonly message: string;
  /** The symbols of the order-book topics the message names (e.g. `Invalid symbol :[orderbook.200.FOO]`). */
  readonly symbols: readonly string[];
}

/** The answer to our `{"op":"ping"}` (either shape Bybit uses). */
export interface BybitPong {
  readonly type: 'pong';
}

/** A push of another topic (tickers, trades) or anything else carrying nothing for a book. */
export interface BybitOther {
  readonly type: 'other';
  readonly topic: string | undefined;
}

/** What one Bybit frame decodes to. */
export type BybitMessage = BybitBookMessage | BybitReply | BybitPong | BybitOther;
