import type { Level } from '@lob/core';
import { copyText } from '@lob/connector-kit';
import type { L2Event } from './l2-event.js';

// Failure of any step: the frame is not in the one shape the scanner knows for certain, so the decoder decides.
const NO = -1;
const CHANNEL = '{"channel":"l2_data",';
const MAX_INT_DIGITS = 16; // Number.MAX_SAFE_INTEGER has 16 digits
const UPDATE_EVENT = ',"events":[{"type":"update","product_id":"';
const SNAPSHOT_EVENT = ',"events":[{"type":"snapshot","product_id":"';
const SIDE = '{"side":"';
const EVENT_TIME = '","event_time":"';
const PRICE_LEVEL = '","price_level":"';
const NEW_QUANTITY = '","new_quantity":"';

// The last integer int() read: a scratch register, since a step returns the position it stopped at.
let intValue = 0;

/**
 * Reads one Coinbase `l2_data` message in the exact shape Coinbase sends (channel, client_id where sent, timestamp,
 * sequence_num, one event with type, product_id and updates of side, event_time, price_level, new_quantity; no
 * whitespace; ASCII strings without escapes, plain decimals) in one pass, and returns what readL2Event would make of
 * it after JSON.parse. Anything else, valid or not, gives undefined so decodeCoinbaseFrame decides: the scanner
 * never throws and never accepts what decodeCoinbaseFrame would refuse.
 */
export function scanCoinbaseL2Frame(frame: string): L2Event | undefined {
  if (!frame.startsWith(CHANNEL)) return undefined;
  let i = CHANNEL.length;
  if (frame.startsWith('"client_id":"', i)) {
    i = stringEnd(frame, i + 13);
    if (i === NO || frame.charCodeAt(i + 1) !== 0x2c) return undefined; // ,
    i += 2;
  }
  if (!frame.startsWith('"timestamp":"', i)) return undefined;
  const timestampStart = i + 13;
  i = stringEnd(frame, timestampStart);
  if (i === NO || !frame.startsWith('","sequence_num":', i)) return undefined;
  const timestamp = copyText(frame, timestampStart, i);
  i = int(frame, i + 17);
  if (i === NO) return undefined;
  const sequenceNum = intValue;
  let kind: 'snapshot' | 'update';
  if (frame.startsWith(UPDATE_EVENT, i)) {
    kind = 'update';
    i += UPDATE_EVENT.length;
  } else if (frame.startsWith(SNAPSHOT_EVENT, i)) {
    kind = 'snapshot';
    i += SNAPSHOT_EVENT.length;
  } else {
    return undefined;
  }
  const productStart = i;
  i = stringEnd(frame, productStart);
  if (i === NO || i === productStart || !frame.startsWith('","updates":[', i)) return undefined;
  const productId = copyText(frame, productStart, i);
  i += 13;
  const bids: Level[] = [];
  const asks: Level[] = [];
  if (frame.charCodeAt(i) === 0x5d) {
    i++; // ]
  } else {
    for (;;) {
      if (!frame.startsWith(SIDE, i)) return undefined;
      i += SIDE.length;
      let side: Level[];
      if (frame.startsWith('bid', i)) {
        side = bids;
        i += 3;
      } else if (frame.startsWith('offer', i)) {
        side = asks;
        i += 5;
      } else {
        return undefined;
      }
      if (!frame.startsWith(EVENT_TIME, i)) return undefined;
      i = stringEnd(frame, i + EVENT_TIME.length); // not kept
      if (i === NO || !frame.startsWith(PRICE_LEVEL, i)) return undefined;
      const priceStart = i + PRICE_LEVEL.length;
      i = decimalEnd(frame, priceStart);
      if (i === NO || !frame.startsWith(NEW_QUANTITY, i)) return undefined;
      const priceEnd = i;
      const quantityStart = i + NEW_QUANTITY.length;
      i = decimalEnd(frame, quantityStart);
      if (i === NO || frame.charCodeAt(i + 1) !== 0x7d) return undefined; // }
      side.push([copyText(frame, priceStart, priceEnd), copyText(frame, quantityStart, i)]);
      i += 2;
      const c = frame.charCodeAt(i);
      if (c === 0x5d) {
        i++; // ]
        break;
      }
      if (c !== 0x2c) return undefined; // ,
      i++;
    }
  }
  if (!frame.startsWith('}]}', i) || i + 3 !== frame.length) return undefined;
  // Same fields in the same order as readL2Event's object.
  return { kind, productId, sequenceNum, timestamp, bids, asks };
}

/** Reads a JSON non-negative integer of at most 16 digits that is a safe integer into intValue; its end, or NO. */
function int(text: string, start: number): number {
  let c = text.charCodeAt(start);
  if (!(c >= 0x30 && c <= 0x39)) return NO;
  let value = c - 0x30;
  let i = start + 1;
  c = text.charCodeAt(i);
  if (value === 0) {
    if (c >= 0x30 && c <= 0x39) return NO; // a leading zero is not JSON
  } else {
    while (c >= 0x30 && c <= 0x39) {
      value = value * 10 + (c - 0x30);
      c = text.charCodeAt(++i);
    }
    // Up to 16 digits every step below 2^53 is exact, so a value within MAX_SAFE_INTEGER is the one JSON.parse reads.
    if (i - start > MAX_INT_DIGITS || value > Number.MAX_SAFE_INTEGER) return NO;
  }
  // A fraction or exponent makes it another number (1.5) or the same one written otherwise (1e3): not ours.
  if (c === 0x2e || c === 0x65 || c === 0x45) return NO;
  intValue = value;
  return i;
}

/** The end of one or more digits from `start`, or NO. */
function digitsEnd(text: string, start: number): number {
  let i = start;
  let c = text.charCodeAt(i);
  while (c >= 0x30 && c <= 0x39) c = text.charCodeAt(++i);
  return i === start ? NO : i;
}

/** The end of a plain decimal (digits, then optionally "." and digits) that the closing quote follows, or NO. */
function decimalEnd(text: string, start: number): number {
  let i = digitsEnd(text, start);
  if (i === NO) return NO;
  if (text.charCodeAt(i) === 0x2e) {
    i = digitsEnd(text, i + 1);
    if (i === NO) return NO;
  }
  return text.charCodeAt(i) === 0x22 ? i : NO;
}

/**
 * The position of the closing quote of a string whose text starts at `start`, or NO unless every character is
 * printable ASCII other than a backslash: such a string means exactly its characters, as JSON.parse reads it.
 */
function stringEnd(text: string, start: number): number {
  let i = start;
  let c = text.charCodeAt(i);
  while (c !== 0x22) {
    if (!(c >= 0x20 && c <= 0x7e) || c === 0x5c) return NO; // also NaN past the end
    c = text.charCodeAt(++i);
  }
  return i;
}

