import type { Level } from '@lob/core';
import { copyText, digitsEnd, intEnd, levelRowsEnd, NO, scanned, stringEnd } from '@lob/connector-kit';
import type { BybitBookMessage } from './bybit-messages.js';

const TOPIC = '{"topic":"orderbook.';

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
    i = intEnd(frame, i + 7);
    if (i === NO) return undefined;
    ts = scanned.int;
  } else if (frame.startsWith('","ts":', i)) {
    i = intEnd(frame, i + 7);
    if (i === NO || !frame.startsWith(',"type":"', i)) return undefined;
    ts = scanned.int;
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
  i = levelRowsEnd(frame, i + 6, bids, true, 0);
  if (i === NO || !frame.startsWith(',"a":', i)) return undefined;
  const asks: Level[] = [];
  i = levelRowsEnd(frame, i + 5, asks, true, 0);
  if (i === NO || !frame.startsWith(',"u":', i)) return undefined;
  i = intEnd(frame, i + 5);
  if (i === NO || scanned.int < 1) return undefined;
  const u = scanned.int;
  let seq: number | undefined;
  if (frame.startsWith(',"seq":', i)) {
    i = intEnd(frame, i + 7);
    if (i === NO) return undefined;
    seq = scanned.int;
  }
  if (frame.charCodeAt(i) !== 0x7d) return undefined; // }
  i++;
  let cts: number | undefined;
  if (frame.startsWith(',"cts":', i)) {
    i = intEnd(frame, i + 7);
    if (i === NO) return undefined;
    cts = scanned.int;
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
