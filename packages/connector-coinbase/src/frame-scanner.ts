import type { Level } from '@lob/core';
import { copyText, decimalEnd, intEnd, NO, scanned, stringEnd } from '@lob/connector-kit';
import type { L2Event } from './l2-event.js';

const CHANNEL = '{"channel":"l2_data",';
const UPDATE_EVENT = ',"events":[{"type":"update","product_id":"';
const SNAPSHOT_EVENT = ',"events":[{"type":"snapshot","product_id":"';
const SIDE = '{"side":"';
const EVENT_TIME = '","event_time":"';
const PRICE_LEVEL = '","price_level":"';
const NEW_QUANTITY = '","new_quantity":"';

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
  i = intEnd(frame, i + 17);
  if (i === NO) return undefined;
  const sequenceNum = scanned.int;
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
