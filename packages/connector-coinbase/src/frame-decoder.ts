import { DecodeError, type StreamMessage } from '@lob/core';
import { COINBASE_VENUE } from './coinbase-venue.js';
import { readL2Event, type L2Event } from './l2-event.js';

// A product id as it appears in an error's text ("... ETH-USD ..."), and in a frame too broken to parse.
const PRODUCT_IN_TEXT = /\b[A-Z0-9]{1,20}-[A-Z0-9]{1,20}\b/;
const PRODUCT_FIELD = /"product_id"\s*:\s*"([^"]+)"/;
const SEQUENCE_FIELD = /"sequence_num"\s*:\s*(\d{1,15})\b/;
const CHANNEL_FIELD = /"channel"\s*:\s*"([^"]*)"/;

/**
 * Decodes one Advanced Trade frame synchronously into core's message: an `l2_data` snapshot or update (no
 * per-product ids: 0; the connection's `sequence_num` as `connectionSeq`), a refused subscription when an error names
 * a product, and control for everything else (heartbeats, subscriptions, other channels), numbered where the frame
 * is. Throws nothing but DecodeError, naming the product when the frame does.
 */
export function decodeCoinbaseFrame(frame: string): StreamMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame);
  } catch (error) {
    const product = PRODUCT_FIELD.exec(frame)?.[1];
    throw new DecodeError('malformed-json', `frame is not JSON: ${(error as Error).message}`, product, numbered(frame, product));
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const product = PRODUCT_FIELD.exec(frame)?.[1];
    throw new DecodeError('malformed-frame', 'frame is not an object', product, numbered(frame, product));
  }
  const message = parsed as Record<string, unknown>;
  if (message.channel === COINBASE_VENUE.bookMessageChannel) {
    const read = readL2Event(message);
    if ('error' in read) throw new DecodeError('malformed-frame', read.error, read.product, numbered(frame, read.product));
    return toStreamMessage(read);
  }
  if (message.type === 'error') return errorMessage(message);
  if (typeof message.channel !== 'string') throw new DecodeError('malformed-frame', 'frame has neither a channel nor type "error"', undefined, numbered(frame, undefined));
  const seq = message.sequence_num;
  if (seq === undefined) return { type: 'control' };
  if (!(typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0)) throw new DecodeError('malformed-frame', 'sequence_num is not an integer >= 0');
  return { type: 'control', connectionSeq: seq };
}

/**
 * The connection number a broken frame still shows, so core counts it as received rather than lost, when what it
 * lost can be pinned down: its product is named (that product resyncs; the others lost nothing), or it is plainly
 * no book message (a heartbeats or subscriptions frame moves no book). A book frame whose product cannot be read,
 * or a frame that shows no channel, may have carried any product's update: its number is left out, so the next
 * number shows a hole and every book of the connection resyncs, as for a message lost on the way.
 */
function numbered(frame: string, product: string | undefined): { connectionSeq?: number } {
  const match = SEQUENCE_FIELD.exec(frame);
  if (match === null) return {};
  const channel = CHANNEL_FIELD.exec(frame)?.[1];
  if (product === undefined && (channel === undefined || channel === COINBASE_VENUE.bookMessageChannel)) return {};
  return { connectionSeq: Number(match[1]) };
}

/** An L2Event as core's snapshot or update. */
export function toStreamMessage(event: L2Event): StreamMessage {
  const { productId: symbol, bids, asks } = event;
  const eventTime = eventTimeOf(event.timestamp);
  const seq = event.sequenceNum === undefined ? {} : { connectionSeq: event.sequenceNum };
  if (event.kind === 'snapshot') return { type: 'snapshot', symbol, lastUpdateId: 0, eventTime, bids, asks, ...seq };
  return { type: 'depth', symbol, firstId: 0, lastId: 0, prevLastId: undefined, eventTime, bids, asks, ...seq };
}

/** ms since the epoch of an RFC 3339 timestamp (nanoseconds truncated); 0 when absent or unreadable. */
export function eventTimeOf(timestamp: string | undefined): number {
  const ms = timestamp === undefined ? Number.NaN : Date.parse(timestamp);
  return Number.isFinite(ms) ? ms : 0;
}

/**
 * `{"type":"error","message":...}`: Coinbase answers a subscription it refuses this way. Naming a product, it refuses
 * that product; naming none it cannot be tied to a book, and stops nothing.
 */
function errorMessage(message: Record<string, unknown>): StreamMessage {
  const text = [message.message, message.reason].filter((part) => typeof part === 'string' && part !== '').join(': ');
  const product = PRODUCT_IN_TEXT.exec(text)?.[0];
  if (product === undefined) return { type: 'control' };
  return { type: 'rejected', symbols: [product], reason: `Coinbase error: ${text}` };
}
