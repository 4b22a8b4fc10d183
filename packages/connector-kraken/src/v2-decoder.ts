// v2 sends prices and quantities as JSON numbers carrying the venue's exact digits ("price": 45285.2); JSON.parse
// would turn them into doubles and lose digits (0.1 + rounding, 17 significant digits at most). lossless-json
// (MIT, Jos de Jong, maintained since 2016; ESM, no dependencies, runs on Node 20) parses every number into a
// LosslessNumber that keeps the text, which is exactly what a book of exchange decimals needs. It is slower than
// JSON.parse, which matters little at Kraken's rates (book updates per pair, 1000 levels at most per snapshot).
import { DecodeError, type Level } from '@lob/core';
import { isLosslessNumber, parse as parseLossless } from 'lossless-json';
import { decodeGuarded, isObject, malformed, parseChecksum, type JsonObject } from './decode-support.js';
import { plainDecimalFromNumberText } from './decimal-text.js';
import type { KrakenBookMessage, KrakenMessage } from './kraken-message.js';

const HEARTBEAT: KrakenMessage = { kind: 'heartbeat' };
const PONG: KrakenMessage = { kind: 'pong' };
const STATUS: KrakenMessage = { kind: 'status' };

/**
 * Decodes one Kraken v2 frame synchronously: book snapshot/update, heartbeat, status, pong, and subscribe or
 * unsubscribe answers. Decimals keep the exact digits Kraken sent. Anything malformed throws DecodeError naming
 * the pair when the frame names one.
 */
export function decodeV2Frame(frame: string): KrakenMessage {
  return decodeGuarded(frame, v2PairHint, () => {
    let parsed: unknown;
    try {
      parsed = parseLossless(frame);
    } catch (error) {
      throw new DecodeError('malformed-json', `frame is not JSON: ${(error as Error).message}`, v2PairHint(frame));
    }
    if (!isObject(parsed) || isLosslessNumber(parsed)) throw malformed('frame is not an object', v2PairHint(frame));
    if ('channel' in parsed) return channelMessage(parsed, frame);
    if ('method' in parsed) return methodAnswer(parsed, frame);
    throw malformed('frame has neither "channel" nor "method"', v2PairHint(frame));
  });
}

function channelMessage(message: JsonObject, frame: string): KrakenMessage {
  switch (message.channel) {
    case 'heartbeat':
      return HEARTBEAT;
    case 'status':
      return STATUS;
    case 'book':
      return bookMessage(message, frame);
    default:
      throw malformed(`channel ${JSON.stringify(String(message.channel))} is not one lob subscribes to`, v2PairHint(frame));
  }
}

function bookMessage(message: JsonObject, frame: string): KrakenBookMessage {
  const { type, data } = message;
  // Kraken sends one book per message (every documented example and all traffic seen); a frame with several would
  // need splitting into several messages, so it is refused rather than half-read.
  if (!Array.isArray(data) || data.length !== 1 || !isObject(data[0])) throw malformed('book "data" is not an array of one object', v2PairHint(frame));
  const entry = data[0];
  const pair = typeof entry.symbol === 'string' && entry.symbol.length > 0 ? entry.symbol : undefined;
  if (pair === undefined) throw malformed('book entry without a symbol', v2PairHint(frame));
  if (type !== 'snapshot' && type !== 'update') throw malformed(`book type ${JSON.stringify(String(type))} is neither snapshot nor update`, pair);
  if (!isLosslessNumber(entry.checksum)) throw malformed('book entry without a numeric checksum', pair);
  return {
    kind: type,
    pair,
    bids: levels(entry.bids, 'bids', pair, type === 'update'),
    asks: levels(entry.asks, 'asks', pair, type === 'update'),
    checksum: parseChecksum(entry.checksum.value, pair),
    ...timeOf(entry.timestamp),
  };
}

// Kraken's RFC 3339 `timestamp` in ms (microseconds dropped); a missing or unreadable one tells nothing.
function timeOf(timestamp: unknown): { time?: number } {
  const ms = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
  return Number.isFinite(ms) && ms > 0 ? { time: ms } : {};
}

// An update may leave a side out; a snapshot names both (an empty side is an empty array).
function levels(value: unknown, field: string, pair: string, optional: boolean): Level[] {
  if (value === undefined && optional) return [];
  if (!Array.isArray(value)) throw malformed(`"${field}" is not an array`, pair);
  return value.map((entry: unknown, i) => {
    const price = isObject(entry) && isLosslessNumber(entry.price) ? plainDecimalFromNumberText(entry.price.value) : undefined;
    const qty = isObject(entry) && isLosslessNumber(entry.qty) ? plainDecimalFromNumberText(entry.qty.value) : undefined;
    if (price === undefined || qty === undefined) throw malformed(`"${field}"[${i}] is not {price, qty} of non-negative numbers`, pair);
    return [price, qty] as const;
  });
}

function methodAnswer(answer: JsonObject, frame: string): KrakenMessage {
  const { method, success } = answer;
  if (method === 'pong') return PONG;
  if (method !== 'subscribe' && method !== 'unsubscribe') throw malformed(`answer to ${JSON.stringify(String(method))}, which lob never sends`, v2PairHint(frame));
  if (success === true) {
    const symbol = isObject(answer.result) ? answer.result.symbol : undefined;
    if (typeof symbol !== 'string') throw malformed(`${method} answer names no symbol`, undefined);
    return { kind: method === 'subscribe' ? 'subscribed' : 'unsubscribed', pair: symbol };
  }
  if (success !== false) throw malformed(`${method} answer without a boolean "success"`, v2PairHint(frame));
  // A refusal names the pair at the top level ("symbol"), e.g. "Currency pair not supported" or "Already subscribed".
  const pair = typeof answer.symbol === 'string' ? answer.symbol : undefined;
  return { kind: 'rejected', pair, reason: typeof answer.error === 'string' ? answer.error : `${method} refused` };
}

/** The pair a broken v2 frame is about, read from its text (`"symbol":"BTC/USD"` or `"symbol":["BTC/USD"]`). */
export function v2PairHint(frame: string): string | undefined {
  return /"symbol"\s*:\s*\[?\s*"([A-Za-z0-9.]{1,16}\/[A-Za-z0-9.]{1,16})"/.exec(frame)?.[1];
}
