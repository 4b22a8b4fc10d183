import { DecodeError, type Level } from '@lob/core';
import { decodeGuarded, isObject, malformed, NO_LEVELS, parseChecksum, type JsonObject } from './decode-support.js';
import { isPlainDecimal } from './decimal-text.js';
import type { KrakenBookMessage, KrakenMessage } from './kraken-message.js';
import { pairFromWire } from './pairs.js';

const HEARTBEAT: KrakenMessage = { kind: 'heartbeat' };
const PONG: KrakenMessage = { kind: 'pong' };
const STATUS: KrakenMessage = { kind: 'status' };
const BOOK_CHANNEL = /^book-\d+$/;
const TIMESTAMP = /^\d+(\.\d+)?$/;

/**
 * Decodes one Kraken v1 frame synchronously: an event object (subscriptionStatus, heartbeat, pong, systemStatus)
 * or a book array `[channelID, payload, (payload,) "book-N", pair]`. v1 quotes every decimal, so JSON.parse keeps
 * them exact. Anything malformed throws DecodeError naming the pair (lob's spelling) when the frame names one.
 */
export function decodeV1Frame(frame: string): KrakenMessage {
  return decodeGuarded(frame, v1PairHint, () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(frame);
    } catch (error) {
      throw new DecodeError('malformed-json', `frame is not JSON: ${(error as Error).message}`, v1PairHint(frame));
    }
    if (Array.isArray(parsed)) return bookMessage(parsed);
    if (isObject(parsed)) return eventMessage(parsed, frame);
    throw malformed('frame is neither a book array nor an event object', v1PairHint(frame));
  });
}

function eventMessage(event: JsonObject, frame: string): KrakenMessage {
  const pair = typeof event.pair === 'string' ? pairFromWire(event.pair, 'v1') : undefined;
  switch (event.event) {
    case 'heartbeat':
      return HEARTBEAT;
    case 'pong':
      return PONG;
    case 'subscriptionStatus': {
      if (event.status === 'subscribed' || event.status === 'unsubscribed') {
        if (pair === undefined) throw malformed(`subscriptionStatus "${event.status}" names no pair`, undefined);
        return { kind: event.status, pair };
      }
      if (event.status === 'error') {
        if (typeof event.errorMessage !== 'string') throw malformed('subscriptionStatus error without errorMessage', pair);
        return { kind: 'rejected', pair, reason: event.errorMessage };
      }
      throw malformed(`subscriptionStatus with status ${JSON.stringify(event.status)}`, pair);
    }
    case 'error':
      // A request Kraken could not read at all: it names no subscription.
      return { kind: 'rejected', pair, reason: typeof event.errorMessage === 'string' ? event.errorMessage : 'error' };
    default:
      if (typeof event.event === 'string') return STATUS; // systemStatus and events lob does not act on
      throw malformed('object frame without an "event"', v1PairHint(frame));
  }
}

function bookMessage(frame: unknown[]): KrakenBookMessage {
  const wirePair = frame[frame.length - 1];
  const pair = typeof wirePair === 'string' && wirePair.length > 0 ? pairFromWire(wirePair, 'v1') : undefined;
  if (pair === undefined) throw malformed('book array does not end with a pair', undefined);
  if (frame.length !== 4 && frame.length !== 5) throw malformed(`book array has ${frame.length} elements, not 4 or 5`, pair);
  const channelName = frame[frame.length - 2];
  if (typeof channelName !== 'string' || !BOOK_CHANNEL.test(channelName)) throw malformed(`channel ${JSON.stringify(channelName)} is not book-N`, pair);
  if (!Number.isSafeInteger(frame[0])) throw malformed('book array does not start with a channel id', pair);
  const payloads = frame.slice(1, -2);
  if (!payloads.every(isObject)) throw malformed('book payload is not an object', pair);
  const first = payloads[0] as JsonObject;
  if ('as' in first || 'bs' in first) {
    if (payloads.length !== 1) throw malformed('snapshot with more than one payload', pair);
    onlyKeys(first, ['as', 'bs'], pair);
    const newest = { ms: 0 };
    const asks = levels(first.as, 'as', pair, newest);
    const bids = levels(first.bs, 'bs', pair, newest);
    return { kind: 'snapshot', pair, asks, bids, checksum: undefined, ...timeOf(newest) };
  }
  return update(payloads as JsonObject[], pair);
}

// An update spreads asks and bids over one or two objects; the checksum `c` sits in the last one.
function update(payloads: JsonObject[], pair: string): KrakenBookMessage {
  let asks: readonly Level[] = NO_LEVELS;
  let bids: readonly Level[] = NO_LEVELS;
  let checksum: number | undefined;
  const newest = { ms: 0 };
  payloads.forEach((payload, i) => {
    onlyKeys(payload, ['a', 'b', 'c'], pair);
    if ('a' in payload) {
      if (asks !== NO_LEVELS) throw malformed('update carries asks twice', pair);
      asks = levels(payload.a, 'a', pair, newest);
    }
    if ('b' in payload) {
      if (bids !== NO_LEVELS) throw malformed('update carries bids twice', pair);
      bids = levels(payload.b, 'b', pair, newest);
    }
    if ('c' in payload) {
      if (i !== payloads.length - 1) throw malformed('checksum "c" is not in the last payload', pair);
      if (typeof payload.c !== 'string') throw malformed('checksum "c" is not a string', pair);
      checksum = parseChecksum(payload.c, pair);
    }
  });
  if (asks === NO_LEVELS && bids === NO_LEVELS) throw malformed('update carries neither "a" nor "b"', pair);
  if (checksum === undefined) throw malformed('update without checksum "c"', pair);
  return { kind: 'update', pair, asks, bids, checksum, ...timeOf(newest) };
}

function timeOf(newest: { ms: number }): { time?: number } {
  return newest.ms > 0 ? { time: newest.ms } : {};
}

/** A v1 level timestamp ("1534614248.123678", seconds) in whole ms, by its digits (no float in between). */
function timestampMs(text: string): number {
  const dot = text.indexOf('.');
  const seconds = dot < 0 ? text : text.slice(0, dot);
  const fraction = dot < 0 ? '' : text.slice(dot + 1);
  return Number(seconds) * 1000 + Number(fraction.padEnd(3, '0').slice(0, 3));
}

// A v1 level is [price, volume, timestamp] plus "r" when Kraken republishes a level that re-entered the window;
// `newest` keeps the latest timestamp seen, the message's time.
function levels(value: unknown, field: string, pair: string, newest: { ms: number }): Level[] {
  if (!Array.isArray(value)) throw malformed(`"${field}" is not an array`, pair);
  return value.map((entry: unknown, i) => {
    if (
      !Array.isArray(entry) ||
      (entry.length !== 3 && entry.length !== 4) ||
      typeof entry[0] !== 'string' ||
      typeof entry[1] !== 'string' ||
      !isPlainDecimal(entry[0]) ||
      !isPlainDecimal(entry[1]) ||
      typeof entry[2] !== 'string' ||
      !TIMESTAMP.test(entry[2]) ||
      (entry.length === 4 && entry[3] !== 'r')
    ) {
      throw malformed(`"${field}"[${i}] is not [price, volume, timestamp(, "r")] of decimal strings`, pair);
    }
    const ms = timestampMs(entry[2]);
    if (ms > newest.ms) newest.ms = ms;
    return [entry[0], entry[1]] as const;
  });
}

function onlyKeys(payload: JsonObject, allowed: readonly string[], pair: string): void {
  for (const key of Object.keys(payload)) if (!allowed.includes(key)) throw malformed(`unexpected book field "${key}"`, pair);
}

/** The pair a broken v1 frame is about (lob's spelling), read from its text: the `pair` field or the array's tail. */
export function v1PairHint(frame: string): string | undefined {
  const named = /"pair"\s*:\s*"([A-Za-z0-9.]{1,16}\/[A-Za-z0-9.]{1,16})"/.exec(frame) ?? /"([A-Za-z0-9.]{1,16}\/[A-Za-z0-9.]{1,16})"\s*\]\s*$/.exec(frame);
  return named?.[1] === undefined ? undefined : pairFromWire(named[1], 'v1');
}
