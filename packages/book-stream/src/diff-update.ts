import type { DepthUpdate } from '@lob/core';
import type { DiffMessage } from './messages.js';

/** The exchange event a diff message carries, as a feed's onUpdate hands it on (ids and levels as lob applied them). */
export function diffUpdate(message: DiffMessage): DepthUpdate {
  return {
    type: 'depth',
    symbol: message.symbol,
    firstId: message.firstId,
    lastId: message.lastId,
    prevLastId: message.prevLastId,
    eventTime: message.eventTime ?? 0,
    ...(message.checksum === undefined ? {} : { checksum: message.checksum }),
    bids: message.bids,
    asks: message.asks,
  };
}
