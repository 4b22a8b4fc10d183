import type { Level, OrderBook } from '@lob/core';
import { applyBookMessage, scanOrDecodeV1Frame, type KrakenBookMessage } from '@lob/connector-kraken';
import { MISMATCH, NOT_BOOK, UNCHECKED, VERIFIED, type FrameWork, type Outcome, type VenuePaths } from './venue-paths.js';

/** A v1 book payload as JSON.parse makes it: rows are `[price, volume, timestamp(, "r")]`. */
interface RawPayload {
  as?: Level[];
  bs?: Level[];
  a?: Level[];
  b?: Level[];
  c?: string;
}

const NONE: readonly Level[] = [];

/** What applyBookMessage found, as a step's outcome: v1 snapshots carry no checksum to verify. */
function outcomeOf(message: KrakenBookMessage, matched: boolean): Outcome {
  if (message.checksum === undefined) return UNCHECKED;
  return matched ? VERIFIED : MISMATCH;
}

/**
 * A v1 book array `[channelID, payload, (payload,) "book-N", pair]` read the way a JSON.parse client reads it: a
 * snapshot has `as`/`bs`; an update spreads `a`/`b` over one or two payloads, the checksum `c` in the last.
 */
function messageOf(raw: unknown[]): KrakenBookMessage {
  const first = raw[1] as RawPayload;
  const pair = raw[raw.length - 1] as string;
  if (first.as !== undefined || first.bs !== undefined) return { kind: 'snapshot', pair, asks: first.as ?? NONE, bids: first.bs ?? NONE, checksum: undefined };
  const second = raw.length === 5 ? (raw[2] as RawPayload) : undefined;
  const last = second ?? first;
  return { kind: 'update', pair, asks: first.a ?? second?.a ?? NONE, bids: first.b ?? second?.b ?? NONE, checksum: Number(last.c) };
}

/** Kraken v1 book paths for a subscription of `depth` levels (the trim before each checksum keeps that window). */
export function krakenPaths(depth: number): VenuePaths {
  return {
    pipeline: (book: OrderBook): FrameWork => (frame) => {
      // The connector's decoding: the frame scanner, stepping aside to decodeV1Frame for what it does not know.
      const message = scanOrDecodeV1Frame(frame);
      if (message.kind !== 'snapshot' && message.kind !== 'update') return NOT_BOOK;
      // applyBookMessage is the live path's: apply, trimToDepth to the subscribed depth, checksum of the top 10.
      return outcomeOf(message, applyBookMessage(book, message, depth).matched);
    },
    baseline: (book: OrderBook): FrameWork => (frame) => {
      const raw = JSON.parse(frame) as unknown;
      if (!Array.isArray(raw)) return NOT_BOOK; // subscriptionStatus, heartbeat, systemStatus
      const message = messageOf(raw);
      return outcomeOf(message, applyBookMessage(book, message, depth).matched);
    },
    decode: scanOrDecodeV1Frame,
    changes: (frame) => {
      const raw = JSON.parse(frame) as unknown;
      if (!Array.isArray(raw)) return 0;
      const message = messageOf(raw);
      return message.bids.length + message.asks.length;
    },
  };
}

/** The depth a recorded session subscribed at, from its subscription ack (`subscription.depth`). */
export function subscribedDepth(frames: readonly string[]): number {
  for (const frame of frames) {
    if (!frame.startsWith('{')) continue;
    const event = JSON.parse(frame) as { event?: string; status?: string; subscription?: { depth?: number } };
    if (event.event === 'subscriptionStatus' && event.status === 'subscribed' && Number.isSafeInteger(event.subscription?.depth)) return event.subscription?.depth as number;
  }
  throw new Error('no subscription ack with a depth among the frames');
}
