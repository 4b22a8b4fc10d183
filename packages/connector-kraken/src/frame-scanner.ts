import type { Level } from '@lob/core';
import { copyText, digitsEnd, intEnd, NO, stringEnd } from '@lob/connector-kit';
import { NO_LEVELS } from './decode-support.js';
import type { KrakenBookMessage } from './kraken-message.js';
import { pairFromWire } from './pairs.js';
import { newest, v1RowsEnd } from './v1-rows.js';

// Kraken writes a v1 book array's parts in this order, without whitespace; each is matched whole.
const SNAPSHOT = ',{"as":';
const SNAPSHOT_BIDS = ',"bs":';
const UPDATE_ASKS = ',{"a":';
const UPDATE_BIDS = ',{"b":';
const SAME_PAYLOAD_BIDS = ',"b":';
const NEXT_PAYLOAD_BIDS = '},{"b":';
const CHECKSUM = ',"c":"';
const CHANNEL = ',"book-';
const CHECKSUM_DIGITS = 10; // parseChecksum's \d{1,10}

/**
 * Reads one Kraken v1 book array in the exact shape Kraken sends (`[channelID,{"as":…,"bs":…},"book-N","pair"]`, or
 * an update's `{"a":…}` and/or `{"b":…}` with `"c"` last, in one payload or, asks apart, in two; no whitespace;
 * rows of ASCII strings without escapes, plain decimals) in one pass, and returns what decodeV1Frame would return
 * for it. Anything else, valid or not, gives undefined so decodeV1Frame decides: the scanner never throws and never
 * accepts what decodeV1Frame would refuse.
 */
export function scanV1BookFrame(frame: string): KrakenBookMessage | undefined {
  if (frame.charCodeAt(0) !== 0x5b) return undefined; // [
  // The channel id: decodeV1Frame wants a safe integer and keeps nothing of it.
  let i = intEnd(frame, 1);
  if (i === NO) return undefined;
  newest.ms = 0;
  let kind: 'snapshot' | 'update';
  let asks: readonly Level[] = NO_LEVELS; // an update's missing side is decodeV1Frame's shared empty one
  let bids: readonly Level[] = NO_LEVELS;
  let checksum: number | undefined;
  if (frame.startsWith(SNAPSHOT, i)) {
    kind = 'snapshot';
    const snapshotAsks: Level[] = [];
    i = v1RowsEnd(frame, i + SNAPSHOT.length, snapshotAsks);
    if (i === NO || !frame.startsWith(SNAPSHOT_BIDS, i)) return undefined;
    const snapshotBids: Level[] = [];
    i = v1RowsEnd(frame, i + SNAPSHOT_BIDS.length, snapshotBids);
    if (i === NO || frame.charCodeAt(i) !== 0x7d) return undefined; // }
    i++;
    asks = snapshotAsks;
    bids = snapshotBids;
  } else {
    kind = 'update';
    let bidsAt = NO;
    if (frame.startsWith(UPDATE_ASKS, i)) {
      const updateAsks: Level[] = [];
      i = v1RowsEnd(frame, i + UPDATE_ASKS.length, updateAsks);
      if (i === NO) return undefined;
      asks = updateAsks;
      if (frame.startsWith(SAME_PAYLOAD_BIDS, i)) bidsAt = i + SAME_PAYLOAD_BIDS.length;
      else if (frame.startsWith(NEXT_PAYLOAD_BIDS, i)) bidsAt = i + NEXT_PAYLOAD_BIDS.length;
    } else if (frame.startsWith(UPDATE_BIDS, i)) {
      bidsAt = i + UPDATE_BIDS.length;
    } else {
      return undefined;
    }
    if (bidsAt !== NO) {
      const updateBids: Level[] = [];
      i = v1RowsEnd(frame, bidsAt, updateBids);
      if (i === NO) return undefined;
      bids = updateBids;
    }
    if (!frame.startsWith(CHECKSUM, i)) return undefined;
    i = checksumEnd(frame, i + CHECKSUM.length);
    if (i === NO) return undefined;
    checksum = crc;
  }
  if (!frame.startsWith(CHANNEL, i)) return undefined;
  i = digitsEnd(frame, i + CHANNEL.length); // book-N: decodeV1Frame's /^book-\d+$/
  if (i === NO || frame.charCodeAt(i) !== 0x22 || frame.charCodeAt(i + 1) !== 0x2c || frame.charCodeAt(i + 2) !== 0x22) return undefined; // ","
  const pairStart = i + 3;
  i = stringEnd(frame, pairStart);
  if (i === NO || i === pairStart || frame.charCodeAt(i + 1) !== 0x5d || i + 2 !== frame.length) return undefined; // "]
  const pair = lobPair(copyText(frame, pairStart, i));
  // Same fields in the same order as decodeV1Frame's object, so both share one hidden class downstream.
  const ms = newest.ms;
  return ms > 0 ? { kind, pair, asks, bids, checksum, time: ms } : { kind, pair, asks, bids, checksum };
}

/** Where checksumEnd leaves the checksum it read (a module-level value: one scan runs at a time). */
let crc = 0;

/**
 * Reads the text of the `"c"` string (1 to 10 digits, leading zeros allowed, at most 0xffffffff, as parseChecksum
 * takes it) and the `"}` closing it; the position after them, or NO.
 */
function checksumEnd(text: string, start: number): number {
  let i = start;
  let c = text.charCodeAt(i);
  let value = 0;
  while (c >= 0x30 && c <= 0x39) {
    value = value * 10 + (c - 0x30);
    c = text.charCodeAt(++i);
  }
  const digits = i - start;
  if (digits === 0 || digits > CHECKSUM_DIGITS || value > 0xffffffff || c !== 0x22 || text.charCodeAt(i + 1) !== 0x7d) return NO; // "}
  crc = value;
  return i + 2;
}

/** The pair in lob's spelling: pairFromWire's, whose split and join only matter when an asset code can be XBT or XDG. */
function lobPair(wire: string): string {
  return wire.includes('X') ? pairFromWire(wire, 'v1') : wire;
}
