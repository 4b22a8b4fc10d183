import type { Level } from '@lob/core';
import { copyText } from '@lob/connector-kit';
import type { BybitBookMessage } from './bybit-messages.js';

// Failure of any step: the frame is not in the one shape the scanner knows for certain, so the decoder decides.
const NO = -1;
const TOPIC = '{"topic":"orderbook.';
const MAX_INT_DIGITS = 16; // Number.MAX_SAFE_INTEGER has 16 digits

// The last integer int() read: a scratch register, since a step returns the position it stopped at.
let intValue = 0;

/**
 * Reads one Bybit order-book push in the exact shape Bybit sends (topic, type, ts, data with s, b, a, u and seq,
 * then cts; no whitespace; rows of two plain decimal strings) in one pass, and returns what decodeBybitFrame would
 * return for it. Anything else, valid or not, gives undefined so decodeBybitFrame decides: the scanner never
 * throws and never accepts what decodeBybitFrame would refuse.
 */
export function scanBybitBookFrame(frame: string): BybitBookMessage | undefined {
  if (!frame.startsWith(TOPIC)) return undefined;
  const topicStart = 10;
  const depthStart = TOPIC.length;
  let i = digitsEnd(frame, depthStart);
  if (i === NO || frame.charCodeAt(i) !== 0x2e) return undefined; // .
  const depthEnd = i;
  const topicSymbolStart = i + 1;
  i = stringEnd(frame, topicSymbolStart);
  if (i === NO || i === topicSymbolStart) return undefined;
  const topicEnd = i;
  // Linear pushes write type before ts, spot pushes ts before type: both orders are Bybit's.
  let kind: 'snapshot' | 'delta' | undefined;
  let ts = 0;
  if (frame.startsWith('","type":"', i)) {
    i = kindEnd(frame, i + 10);
    kind = scannedKind;
    if (i === NO || !frame.startsWith('","ts":', i)) return undefined;
    i = int(frame, i + 7);
    if (i === NO) return undefined;
    ts = intValue;
  } else if (frame.startsWith('","ts":', i)) {
    i = int(frame, i + 7);
    if (i === NO || !frame.startsWith(',"type":"', i)) return undefined;
    ts = intValue;
    i = kindEnd(frame, i + 9);
    kind = scannedKind;
    if (i === NO) return undefined;
    i++;
  } else {
    return undefined;
  }
  if (kind === undefined || !frame.startsWith(',"data":{"s":"', i)) return undefined;
  const symbolStart = i + 14;
  i = stringEnd(frame, symbolStart);
  // data.s must be the topic's symbol, character for character.
  if (i === NO || i - symbolStart !== topicEnd - topicSymbolStart || !frame.startsWith(frame.slice(topicSymbolStart, topicEnd), symbolStart)) return undefined;
  if (!frame.startsWith('","b":', i)) return undefined;
  const bids: Level[] = [];
  i = rows(frame, i + 6, bids);
  if (i === NO || !frame.startsWith(',"a":', i)) return undefined;
  const asks: Level[] = [];
  i = rows(frame, i + 5, asks);
  if (i === NO || !frame.startsWith(',"u":', i)) return undefined;
  i = int(frame, i + 5);
  if (i === NO || intValue < 1) return undefined;
  const u = intValue;
  let seq: number | undefined;
  if (frame.startsWith(',"seq":', i)) {
    i = int(frame, i + 7);
    if (i === NO) return undefined;
    seq = intValue;
  }
  if (frame.charCodeAt(i) !== 0x7d) return undefined; // }
  i++;
  let cts: number | undefined;
  if (frame.startsWith(',"cts":', i)) {
    i = int(frame, i + 7);
    if (i === NO) return undefined;
    cts = intValue;
  }
  if (frame.charCodeAt(i) !== 0x7d || i + 1 !== frame.length) return undefined;
  const topic = copyText(frame, topicStart, topicEnd);
  const symbol = copyText(frame, symbolStart, symbolStart + (topicEnd - topicSymbolStart));
  // Same fields in the same order as decodeBybitFrame's object, so both share one hidden class downstream.
  return { type: 'book', kind, topic, symbol, depth: Number(frame.slice(depthStart, depthEnd)), bids, asks, u, seq, ts, cts };
}

let scannedKind: 'snapshot' | 'delta' | undefined;

/** Reads `snapshot` or `delta` into scannedKind; the position of the closing quote, or NO. */
function kindEnd(text: string, start: number): number {
  if (text.startsWith('delta"', start)) {
    scannedKind = 'delta';
    return start + 5;
  }
  if (text.startsWith('snapshot"', start)) {
    scannedKind = 'snapshot';
    return start + 8;
  }
  return NO;
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

/** Reads `[["p","s"],...]` rows (two plain decimal strings) into `out`; the position after `]`, or NO. */
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
    if (sizeEnd === NO || text.charCodeAt(sizeEnd + 1) !== 0x5d) return NO; // ]
    out.push([copyText(text, priceStart, priceEnd), copyText(text, sizeStart, sizeEnd)]);
    i = sizeEnd + 2;
    const c = text.charCodeAt(i);
    if (c === 0x5d) return i + 1; // ]
    if (c !== 0x2c) return NO; // ,
    i++;
  }
}
