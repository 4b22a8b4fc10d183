import type { DepthUpdate, Level } from '@lob/core';
import { codedRowsEnd, copyText, intEnd, NO, scanned, stringEnd } from '@lob/connector-kit';

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
  const bids: Level[] = [];
  const bidCodes: number[] = [];
  i = codedRowsEnd(frame, i + 5, bids, bidCodes);
  if (i === NO || !frame.startsWith(',"a":', i)) return undefined;
  const asks: Level[] = [];
  const askCodes: number[] = [];
  i = codedRowsEnd(frame, i + 5, asks, askCodes);
  if (i === NO || frame.charCodeAt(i) !== 0x7d) return undefined; // }
  i++;
  if (wrapped) {
    if (frame.charCodeAt(i) !== 0x7d) return undefined;
    i++;
  }
  if (i !== frame.length) return undefined;
  // decodeFrame's fields in its order, then the levels' codes, which spare the book reading the prices again.
  return { type: 'depth', symbol, firstId, lastId, prevLastId, eventTime, bids, asks, bidCodes, askCodes };
}
