import type { Level } from '@lob/core';
import { copyText } from '@lob/connector-kit';
import type { OkxBookMessage } from './okx-messages.js';

// Failure of any step: the frame is not in the one shape the scanner knows for certain, so the decoder decides.
const NO = -1;
const ARG = '{"arg":{"channel":"';
const INST_ID = '","instId":"';
const ACTION = '"},"action":"';
const SNAPSHOT_DATA = 'snapshot","data":[{"asks":';
const UPDATE_DATA = 'update","data":[{"asks":';
const INT32_DIGITS = 10;
const MAX_INT_DIGITS = 16; // Number.MAX_SAFE_INTEGER has 16 digits

// The last integer int() read: a scratch register, since a step returns the position it stopped at.
let intValue = 0;

/**
 * Reads one OKX book push in the exact shape OKX sends (arg, action, data with asks, bids, ts, checksum, then seqId
 * and prevSeqId where sent; no whitespace; rows of four ASCII strings without escapes, plain decimals first) in one
 * pass, and returns what decodeOkxFrame would return for it. Anything else, valid or not, gives undefined so
 * decodeOkxFrame decides: the scanner never throws and never accepts what decodeOkxFrame would refuse.
 */
export function scanOkxBookFrame(frame: string): OkxBookMessage | undefined {
  if (!frame.startsWith(ARG)) return undefined;
  const channelStart = ARG.length;
  let i = stringEnd(frame, channelStart);
  if (i === NO || !frame.startsWith(INST_ID, i)) return undefined;
  const channel = copyText(frame, channelStart, i);
  const instIdStart = i + INST_ID.length;
  i = stringEnd(frame, instIdStart);
  if (i === NO || i === instIdStart || !frame.startsWith(ACTION, i)) return undefined;
  const instId = copyText(frame, instIdStart, i);
  i += ACTION.length;
  let kind: 'snapshot' | 'update';
  if (frame.startsWith(UPDATE_DATA, i)) {
    kind = 'update';
    i += UPDATE_DATA.length;
  } else if (frame.startsWith(SNAPSHOT_DATA, i)) {
    kind = 'snapshot';
    i += SNAPSHOT_DATA.length;
  } else {
    return undefined;
  }
  const asks: Level[] = [];
  i = rows(frame, i, asks);
  if (i === NO || !frame.startsWith(',"bids":', i)) return undefined;
  const bids: Level[] = [];
  i = rows(frame, i + 8, bids);
  if (i === NO || !frame.startsWith(',"ts":"', i)) return undefined;
  const tsStart = i + 7;
  i = digitsEnd(frame, tsStart);
  if (i === NO || frame.charCodeAt(i) !== 0x22 || !frame.startsWith(',"checksum":', i + 1)) return undefined;
  const ts = copyText(frame, tsStart, i);
  i += 13;
  const negative = frame.charCodeAt(i) === 0x2d; // -
  if (negative) i++;
  const checksumStart = i;
  i = int(frame, i);
  // Ten digits at most, then the signed 32-bit range; no "-0", whose sign JSON.parse would keep.
  if (i === NO || i - checksumStart > INT32_DIGITS || (negative && intValue === 0)) return undefined;
  const checksum = negative ? -intValue : intValue;
  if (checksum < -0x80000000 || checksum > 0x7fffffff) return undefined;
  let seqId: number | undefined;
  let prevSeqId: number | undefined;
  if (frame.startsWith(',"seqId":', i)) {
    i = int(frame, i + 9);
    if (i === NO) return undefined;
    seqId = intValue;
  }
  if (frame.startsWith(',"prevSeqId":', i)) {
    i += 13;
    if (frame.startsWith('-1', i)) {
      prevSeqId = -1; // what OKX sends on a snapshot
      i += 2;
    } else {
      i = int(frame, i);
      if (i === NO) return undefined;
      prevSeqId = intValue;
    }
  }
  if (!frame.startsWith('}]}', i) || i + 3 !== frame.length) return undefined;
  // Same fields in the same order as decodeOkxFrame's object, so both share one hidden class downstream.
  return { type: 'book', kind, channel, instId, bids, asks, checksum, seqId, prevSeqId, ts };
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

/** Reads `[["p","s","x","n"],...]` rows (four strings, the first two plain decimals) into `out` as [p, s]; the end, or NO. */
function rows(text: string, start: number, out: Level[]): number {
  if (text.charCodeAt(start) !== 0x5b) return NO; // [
  let i = start + 1;
  if (text.charCodeAt(i) === 0x5d) return i + 1; // ]
  for (;;) {
    if (text.charCodeAt(i) !== 0x5b || text.charCodeAt(i + 1) !== 0x22) return NO; // ["
    const priceStart = i + 2;
    const priceEnd = decimalEnd(text, priceStart);
    if (priceEnd === NO || text.charCodeAt(priceEnd + 1) !== 0x2c || text.charCodeAt(priceEnd + 2) !== 0x22) return NO; // ,"
    const sizeStart = priceEnd + 3;
    const sizeEnd = decimalEnd(text, sizeStart);
    if (sizeEnd === NO || text.charCodeAt(sizeEnd + 1) !== 0x2c || text.charCodeAt(sizeEnd + 2) !== 0x22) return NO;
    // The liquidated-orders field ("0") and the order count: strings, not kept.
    i = stringEnd(text, sizeEnd + 3);
    if (i === NO || text.charCodeAt(i + 1) !== 0x2c || text.charCodeAt(i + 2) !== 0x22) return NO;
    i = stringEnd(text, i + 3);
    if (i === NO || text.charCodeAt(i + 1) !== 0x5d) return NO; // ]
    out.push([copyText(text, priceStart, priceEnd), copyText(text, sizeStart, sizeEnd)]);
    i += 2;
    const c = text.charCodeAt(i);
    if (c === 0x5d) return i + 1; // ]
    if (c !== 0x2c) return NO; // ,
    i++;
  }
}
