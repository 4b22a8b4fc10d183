import type { Level } from '@lob/core';
import { copyText, digitsEnd, intEnd, levelRowsEnd, NO, scanned, stringEnd } from '@lob/connector-kit';
import type { OkxBookMessage } from './okx-messages.js';

const ARG = '{"arg":{"channel":"';
const INST_ID = '","instId":"';
const ACTION = '"},"action":"';
const SNAPSHOT_DATA = 'snapshot","data":[{"asks":';
const UPDATE_DATA = 'update","data":[{"asks":';
const INT32_DIGITS = 10;

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
  // Rows of four strings, [price, size, liquidated orders, order count]: the last two are not kept.
  i = levelRowsEnd(frame, i, asks, true, 2);
  if (i === NO || !frame.startsWith(',"bids":', i)) return undefined;
  const bids: Level[] = [];
  i = levelRowsEnd(frame, i + 8, bids, true, 2);
  if (i === NO || !frame.startsWith(',"ts":"', i)) return undefined;
  const tsStart = i + 7;
  i = digitsEnd(frame, tsStart);
  if (i === NO || frame.charCodeAt(i) !== 0x22 || !frame.startsWith(',"checksum":', i + 1)) return undefined;
  const ts = copyText(frame, tsStart, i);
  i += 13;
  const negative = frame.charCodeAt(i) === 0x2d; // -
  if (negative) i++;
  const checksumStart = i;
  i = intEnd(frame, i);
  // Ten digits at most, then the signed 32-bit range; no "-0", whose sign JSON.parse would keep.
  if (i === NO || i - checksumStart > INT32_DIGITS || (negative && scanned.int === 0)) return undefined;
  const checksum = negative ? -scanned.int : scanned.int;
  if (checksum < -0x80000000 || checksum > 0x7fffffff) return undefined;
  let seqId: number | undefined;
  let prevSeqId: number | undefined;
  if (frame.startsWith(',"seqId":', i)) {
    i = intEnd(frame, i + 9);
    if (i === NO) return undefined;
    seqId = scanned.int;
  }
  if (frame.startsWith(',"prevSeqId":', i)) {
    i += 13;
    if (frame.startsWith('-1', i)) {
      prevSeqId = -1; // what OKX sends on a snapshot
      i += 2;
    } else {
      i = intEnd(frame, i);
      if (i === NO) return undefined;
      prevSeqId = scanned.int;
    }
  }
  if (!frame.startsWith('}]}', i) || i + 3 !== frame.length) return undefined;
  // Same fields in the same order as decodeOkxFrame's object, so both share one hidden class downstream.
  return { type: 'book', kind, channel, instId, bids, asks, checksum, seqId, prevSeqId, ts };
}
