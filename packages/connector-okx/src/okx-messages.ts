import type { Level } from '@lob/core';

/** An order-book push (`action` "snapshot" or "update"), normalized: levels are `[price, size]` exactly as sent. */
export interface OkxBookMessage {
  readonly type: 'book';
  /** A snapshot replaces the whole book; an update changes the levels it names (size "0" deletes). */
  readonly kind: 'snapshot' | 'update';
  readonly channel: string;
  /** Instrument id in OKX spelling (e.g. BTC-USDT). */
  readonly instId: string;
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
  /** Signed 32-bit CRC32 of the top 25 levels per side after this message is applied (see checksum.ts). */
  readonly checksum: number;
  /** This message's sequence id; absent in captures made before OKX added it. */
  readonly seqId: number | undefined;
  /** The previous message's sequence id (-1 on a snapshot); absent in captures made before OKX added it. */
  readonly prevSeqId: number | undefined;
  /** When OKX generated the book state, ms since the epoch, as the decimal string OKX sent. */
  readonly ts: string;
}

/** OKX confirmed a subscription (`event` "subscribe") or its end (`event` "unsubscribe"). */
export interface OkxSubscriptionAck {
  readonly type: 'subscribed' | 'unsubscribed';
  readonly channel: string;
  readonly instId: string | undefined;
}

/** OKX refused a request (`event` "error"); `instId` is read out of `msg` when it names one. */
export interface OkxErrorEvent {
  readonly type: 'error';
  readonly code: string;
  readonly message: string;
  readonly instId: string | undefined;
}

/** OKX announced something about the connection (`event` "notice", e.g. 64008: reconnect before an upgrade). */
export interface OkxNotice {
  readonly type: 'notice';
  readonly code: string;
  readonly message: string;
}

/** The answer to our text `ping`. */
export interface OkxPong {
  readonly type: 'pong';
}

/** Any other event that carries nothing for the book (e.g. `channel-conn-count`). */
export interface OkxControl {
  readonly type: 'control';
  readonly event: string;
}

/** What the OKX decoder turns one frame into. */
export type OkxMessage = OkxBookMessage | OkxSubscriptionAck | OkxErrorEvent | OkxNotice | OkxPong | OkxControl;
