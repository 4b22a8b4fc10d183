import type { Level } from '../types.js';

/**
 * Present on any decoded message where the exchange numbers every message of a connection across symbols
 * (Coinbase `sequence_num`): a number that is not the previous one plus one means the connection lost something,
 * and every book on it resyncs.
 */
export interface ConnectionSequenced {
  readonly connectionSeq?: number;
}

/**
 * One diff event from an exchange, normalized: ids and levels exactly as sent. Ids are the exchange's per-symbol
 * sequence in whatever shape it has (Binance `U`/`u`/`pu`, OKX `seqId`/`prevSeqId`, Bybit `u`); a venue without
 * per-symbol ids sends 0 and proves continuity otherwise (a checksum, a connection sequence).
 */
export interface DepthUpdate extends ConnectionSequenced {
  readonly type: 'depth';
  /** Exchange symbol in its REST spelling (e.g. BTCUSDT). */
  readonly symbol: string;
  /** First update id in the event (Binance `U`; where a venue has one id per message, that id). */
  readonly firstId: number;
  /** Final update id in the event (Binance `u`, OKX `seqId`). */
  readonly lastId: number;
  /** Final update id of the previous event, where the exchange sends it (Binance futures `pu`, OKX `prevSeqId`). */
  readonly prevLastId: number | undefined;
  /** Exchange time of the event in ms (Binance `E`). */
  readonly eventTime: number;
  /** The exchange's checksum of the book after this update, where it sends one (OKX, Kraken). */
  readonly checksum?: number;
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
  /** The levels' codes where the decoder made them while reading the frame (see levelCode), one per level. */
  readonly bidCodes?: readonly number[];
  readonly askCodes?: readonly number[];
  /**
   * The levels' spellings (see levelSpelling), where the decoder read every level of the update as numbers; then its
   * codes are all numbers too, and a book with applySpelled takes the update without reading `bids` or `asks`,
   * which such a decoder makes only when read.
   */
  readonly bidSpellings?: readonly number[];
  readonly askSpellings?: readonly number[];
}

/** Level changes an update carries, without making its level strings where the decoder left them unmade. */
export function changesIn(update: DepthUpdate): number {
  const { bidCodes, askCodes } = update;
  return bidCodes !== undefined && askCodes !== undefined ? bidCodes.length + askCodes.length : update.bids.length + update.asks.length;
}

/**
 * A whole book sent in the stream as the first message of a subscription (OKX `snapshot`, Kraken's first book
 * message): it replaces the book, whatever it held.
 */
export interface StreamSnapshot extends ConnectionSequenced {
  readonly type: 'snapshot';
  readonly symbol: string;
  /** The exchange's sequence at the snapshot where it has one (OKX `seqId`), else 0. */
  readonly lastUpdateId: number;
  /** Exchange time of the snapshot in ms, where sent (else 0). */
  readonly eventTime: number;
  /** The exchange's checksum of this book, where it sends one. */
  readonly checksum?: number;
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
}

/** The server is going away (Binance `serverShutdown`): reconnect now. */
export interface ShutdownNotice {
  readonly type: 'shutdown';
}

/** A frame that carries nothing for the book (subscription replies and the like). */
export interface ControlFrame extends ConnectionSequenced {
  readonly type: 'control';
}

/** The exchange refused to stream these symbols (a subscription error reply that names them). */
export interface SubscriptionRejected {
  readonly type: 'rejected';
  readonly symbols: readonly string[];
  readonly reason: string;
}

/** What a connector's decoder turns one frame into. */
export type StreamMessage = DepthUpdate | StreamSnapshot | ShutdownNotice | ControlFrame | SubscriptionRejected;
