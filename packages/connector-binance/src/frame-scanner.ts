import type { DepthUpdate, Level } from '@lob/core';
import { codedRowsEnd, copyText, intEnd, NO, rows, scanned, spelledRowsEnd, stringEnd } from '@lob/connector-kit';

// Frame prefixes and field separators, matched whole. Binance writes its fields in this order without whitespace.
const COMBINED = '{"stream":"';
const COMBINED_DATA = '","data":{"e":"depthUpdate","E":';
const BARE = '{"e":"depthUpdate","E":';

/**
 * Reads one Binance depth event in the exact shape Binance sends (combined or bare; spot, USD-M or COIN-M fields
 * in their order, no whitespace, ASCII strings without escapes, integer ids) in one pass over the text, and returns
 * what decodeFrame would return for it, plus each level's code (see levelCode) made on the way. Anything else,
 * valid or not, gives undefined so decodeFrame decides: the scanner never throws and never accepts what decodeFrame
 * would refuse.
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
  i = intEnd(frame, i);
  if (i === NO) return undefined;
  const eventTime = scanned.int;
  if (frame.startsWith(',"T":', i)) {
    i = intEnd(frame, i + 5); // transaction time (futures): read to prove it a number, not kept
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
  i = intEnd(frame, i + 5);
  if (i === NO) return undefined;
  const firstId = scanned.int;
  if (!frame.startsWith(',"u":', i)) return undefined;
  i = intEnd(frame, i + 5);
  if (i === NO) return undefined;
  const lastId = scanned.int;
  if (firstId > lastId) return undefined;
  let prevLastId: number | undefined;
  if (frame.startsWith(',"pu":', i)) {
    i = intEnd(frame, i + 6);
    if (i === NO) return undefined;
    prevLastId = scanned.int;
  } else if (requirePrevId) {
    return undefined;
  }
  if (!frame.startsWith(',"b":', i)) return undefined;
  const bidsAt = i + 5;
  const bidCodes: number[] = [];
  const bidSpellings: number[] = [];
  i = spelledRowsEnd(frame, bidsAt, bidCodes, bidSpellings);
  let spelled = rows.spelled;
  if (i === NO || !frame.startsWith(',"a":', i)) return undefined;
  const asksAt = i + 5;
  const askCodes: number[] = [];
  const askSpellings: number[] = [];
  i = spelledRowsEnd(frame, asksAt, askCodes, askSpellings);
  spelled &&= rows.spelled;
  if (i === NO || frame.charCodeAt(i) !== 0x7d) return undefined; // }
  i++;
  if (wrapped) {
    if (frame.charCodeAt(i) !== 0x7d) return undefined;
    i++;
  }
  if (i !== frame.length) return undefined;
  // The level strings are made only when something reads them (a book that takes spellings never does): the same
  // walk as the numbers', so they are what decodeFrame would make. Own enumerable getters, so a spread, a structured
  // clone or JSON.stringify of the update reads them as plain fields.
  let levels: { bids: Level[]; asks: Level[] } | undefined;
  const strings = (): { bids: Level[]; asks: Level[] } => (levels ??= levelStrings(frame, bidsAt, asksAt));
  const numbers = spelled ? { bidSpellings, askSpellings } : {};
  // decodeFrame's fields in its order, then the levels' codes (and spellings) that spare the book reading the strings.
  return {
    type: 'depth',
    symbol,
    firstId,
    lastId,
    prevLastId,
    eventTime,
    get bids() {
      return strings().bids;
    },
    get asks() {
      return strings().asks;
    },
    bidCodes,
    askCodes,
    ...numbers,
  };
}

/** The bid and ask rows of a frame the scanner read, as strings. */
function levelStrings(frame: string, bidsAt: number, asksAt: number): { bids: Level[]; asks: Level[] } {
  const bids: Level[] = [];
  const asks: Level[] = [];
  const codes: number[] = [];
  codedRowsEnd(frame, bidsAt, bids, codes);
  codedRowsEnd(frame, asksAt, asks, codes);
  return { bids, asks };
}
