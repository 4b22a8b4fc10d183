import type { DepthUpdate, Level } from '@lob/core';
import { copyText } from '@lob/connector-kit';

// Failure of any step: the frame is not in the one shape the scanner knows for certain, so the decoder decides.
const NO = -1;
// Frame prefixes and field separators, matched whole. Binance writes its fields in this order without whitespace.
const COMBINED = '{"stream":"';
const COMBINED_DATA = '","data":{"e":"depthUpdate","E":';
const BARE = '{"e":"depthUpdate","E":';
const MAX_INT_DIGITS = 16; // Number.MAX_SAFE_INTEGER has 16 digits

// The last integer int() read: a scratch register, since a step returns the position it stopped at.
let intValue = 0;

/**
 * Reads one Binance depth event in the exact shape Binance sends (combined or bare; spot, USD-M or COIN-M fields
 * in their order, no whitespace, ASCII strings without escapes, integer ids) in one pass over the text, and returns
 * what decodeFrame would return for it. Anything else, valid or not, gives undefined so decodeFrame decides: the
 * scanner never throws and never accepts what decodeFrame would refuse.
 */
export function scanDepthFrame(frame: string, requirePrevId: boolean): DepthUpdate | undefined {
  let i: number;
  let wrapped = false;
  if (frame.startsWith(COMBINED)) {
    i = stringEnd(frame, COMBINED.length);
    if (i === NO || !frame.startsWith(COMBINED_DATA, i)) return undefined;
    i += COMBINED_DATA.length;
    wrapped = true;
  } else if (frame.startsWith(BARE)) {
    i = BARE.length;
  } else {
    return undefined;
  }
  i = int(frame, i);
  if (i === NO) return undefined;
  const eventTime = intValue;
  if (frame.startsWith(',"T":', i)) {
    i = int(frame, i + 5); // transaction time (futures): read to prove it a number, not kept
    if (i === NO) return undefined;
  }
  if (!frame.startsWith(',"s":"', i)) return undefined;
  const symbolStart = i + 6;
  i = stringEnd(frame, symbolStart);
  if (i === NO || i === symbolStart) return undefined;
  const symbol = copyText(frame, symbolStart, i);
  i++;
  if (frame.startsWith(',"ps":"', i)) {
    i = stringEnd(frame, i + 7); // COIN-M pair, not kept
    if (i === NO) return undefined;
    i++;
  }
  if (!frame.startsWith(',"U":', i)) return undefined;
  i = int(frame, i + 5);
  if (i === NO) return undefined;
  const firstId = intValue;
  if (!frame.startsWith(',"u":', i)) return undefined;
  i = int(frame, i + 5);
  if (i === NO) return undefined;
  const lastId = intValue;
  if (firstId > lastId) return undefined;
  let prevLastId: number | undefined;
  if (frame.startsWith(',"pu":', i)) {
    i = int(frame, i + 6);
    if (i === NO) return undefined;
    prevLastId = intValue;
  } else if (requirePrevId) {
    return undefined;
  }
  if (!frame.startsWith(',"b":', i)) return undefined;
  const bids: Level[] = [];
  i = levels(frame, i + 5, bids);
  if (i === NO || !frame.startsWith(',"a":', i)) return undefined;
  const asks: Level[] = [];
  i = levels(frame, i + 5, asks);
  if (i === NO || frame.charCodeAt(i) !== 0x7d) return undefined; // }
  i++;
  if (wrapped) {
    if (frame.charCodeAt(i) !== 0x7d) return undefined;
    i++;
  }
  if (i !== frame.length) return undefined;
  // Same fields in the same order as decodeFrame's object, so both share one hidden class downstream.
  return { type: 'depth', symbol, firstId, lastId, prevLastId, eventTime, bids, asks };
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
  intValue = value;
  return i;
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

/** Reads `[["p","q"],...]` (pairs of exactly two strings) into `out`; the position after `]`, or NO. */
function levels(text: string, start: number, out: Level[]): number {
  if (text.charCodeAt(start) !== 0x5b) return NO; // [
  let i = start + 1;
  if (text.charCodeAt(i) === 0x5d) return i + 1; // ]
  for (;;) {
    if (text.charCodeAt(i) !== 0x5b || text.charCodeAt(i + 1) !== 0x22) return NO; // ["
    const priceStart = i + 2;
    const priceEnd = stringEnd(text, priceStart);
    if (priceEnd === NO || text.charCodeAt(priceEnd + 1) !== 0x2c || text.charCodeAt(priceEnd + 2) !== 0x22) return NO; // ,"
    const quantityStart = priceEnd + 3;
    const quantityEnd = stringEnd(text, quantityStart);
    if (quantityEnd === NO || text.charCodeAt(quantityEnd + 1) !== 0x5d) return NO; // ]
    out.push([copyText(text, priceStart, priceEnd), copyText(text, quantityStart, quantityEnd)]);
    i = quantityEnd + 2;
    const c = text.charCodeAt(i);
    if (c === 0x5d) return i + 1; // ]
    if (c !== 0x2c) return NO; // ,
    i++;
  }
}
