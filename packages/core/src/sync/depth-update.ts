import type { Level } from '../types.js';

/** One diff event from an exchange, normalized: ids and levels exactly as sent. */
export interface DepthUpdate {
  readonly type: 'depth';
  /** Exchange symbol in its REST spelling (e.g. BTCUSDT). */
  readonly symbol: string;
  /** First update id in the event (Binance `U`). */
  readonly firstId: number;
  /** Final update id in the event (Binance `u`). */
  readonly lastId: number;
  /** Final update id of the previous event, where the exchange sends it (Binance futures `pu`). */
  readonly prevLastId: number | undefined;
  /** Exchange time of the event in ms (Binance `E`). */
  readonly eventTime: number;
  /** The exchange's checksum of the book after this update, where it sends one (OKX, Kraken). */
  readonly checksum?: number;
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
}

/** The server is going away (Binance `serverShutdown`): reconnect now. */
export interface ShutdownNotice {
  readonly type: 'shutdown';
}

/** A frame that carries nothing for the book (subscription replies and the like). */
export interface ControlFrame {
  readonly type: 'control';
}

/** The exchange refused to stream these symbols (a subscription error reply that names them). */
export interface SubscriptionRejected {
  readonly type: 'rejected';
  readonly symbols: readonly string[];
  readonly reason: string;
}

/** What a connector's decoder turns one frame into. */
export type StreamMessage = DepthUpdate | ShutdownNotice | ControlFrame | SubscriptionRejected;
