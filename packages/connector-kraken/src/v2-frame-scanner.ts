import type { Level } from '@lob/core';
import { copyText, intEnd, NO, scanned, stringEnd } from '@lob/connector-kit';
import type { KrakenBookMessage } from './kraken-message.js';
import { v2RowsEnd } from './v2-rows.js';
import { timestampMs } from './v2-time.js';

// Kraken writes a v2 book message's fields in this order, without whitespace; each is matched whole.
const BOOK = '{"channel":"book","type":"';
const SNAPSHOT_DATA = 'snapshot","data":[{"symbol":"';
const UPDATE_DATA = 'update","data":[{"symbol":"';
const BIDS = ',"bids":';
const ASKS = ',"asks":';
const CHECKSUM = ',"checksum":';
const TIMESTAMP = ',"timestamp":"';
const END = '}]}';

/**
 * Reads one Kraken v2 book message in the exact shape Kraken sends (channel, type, data of one entry: symbol, bids,
 * asks, checksum, then timestamp where sent; an update may leave a side out; no whitespace; rows of `price` and
 * `qty` numbers; ASCII strings without escapes) in one pass, and returns what decodeV2Frame would return for it.
 * Anything else, valid or not, gives undefined so decodeV2Frame decides: the scanner never throws and never accepts
 * what decodeV2Frame would refuse.
 */
export function scanV2BookFrame(frame: string): KrakenBookMessage | undefined {
  if (!frame.startsWith(BOOK)) return undefined;
  let i = BOOK.length;
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
  const pairStart = i;
  i = stringEnd(frame, pairStart);
  if (i === NO || i === pairStart) return undefined;
  const pair = copyText(frame, pairStart, i);
  i++;
  // A snapshot names both sides; an update may leave one out, which decodeV2Frame reads as an empty side.
  const bids: Level[] = [];
  if (frame.startsWith(BIDS, i)) i = v2RowsEnd(frame, i + BIDS.length, bids);
  else if (kind === 'snapshot') return undefined;
  if (i === NO) return undefined;
  const asks: Level[] = [];
  if (frame.startsWith(ASKS, i)) i = v2RowsEnd(frame, i + ASKS.length, asks);
  else if (kind === 'snapshot') return undefined;
  if (i === NO || !frame.startsWith(CHECKSUM, i)) return undefined;
  // parseChecksum's rule: decimal digits, at most 0xffffffff (so ten digits at most).
  i = intEnd(frame, i + CHECKSUM.length);
  if (i === NO || scanned.int > 0xffffffff) return undefined;
  const checksum = scanned.int;
  let time = 0;
  if (frame.startsWith(TIMESTAMP, i)) {
    const timestampStart = i + TIMESTAMP.length;
    i = stringEnd(frame, timestampStart);
    if (i === NO) return undefined;
    const ms = timestampMs(frame, timestampStart, i); // what decodeV2Frame's Date.parse makes of it
    if (Number.isFinite(ms) && ms > 0) time = ms;
    i++;
  }
  if (!frame.startsWith(END, i) || i + END.length !== frame.length) return undefined;
  // Same fields in the same order as decodeV2Frame's object, so both share one hidden class downstream.
  return time > 0 ? { kind, pair, bids, asks, checksum, time } : { kind, pair, bids, asks, checksum };
}
