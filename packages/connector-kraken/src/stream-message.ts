import type { StreamMessage } from '@lob/core';
import type { KrakenMessage } from './kraken-message.js';
import { subscriptionRefusal } from './subscription-refusal.js';

const CONTROL: StreamMessage = Object.freeze({ type: 'control' });

/**
 * Turns one decoded Kraken message into core's StreamMessage. Kraken has no update ids: snapshots and updates carry
 * id 0, their checksum (a v1 snapshot none) and Kraken's time where it told one (else 0). Only a refusal that names a pair and means "Kraken will not stream
 * it" becomes `rejected`; "Already subscribed", "Subscription Not Found" and rate refusals are control frames, so a
 * duplicate subscribe or a resync's unsubscribe never invalidates a live book.
 */
export function toStreamMessage(message: KrakenMessage): StreamMessage {
  switch (message.kind) {
    case 'snapshot':
      return {
        type: 'snapshot',
        symbol: message.pair,
        lastUpdateId: 0,
        eventTime: message.time ?? 0,
        ...(message.checksum === undefined ? {} : { checksum: message.checksum }),
        bids: message.bids,
        asks: message.asks,
      };
    case 'update':
      return {
        type: 'depth',
        symbol: message.pair,
        firstId: 0,
        lastId: 0,
        prevLastId: undefined,
        eventTime: message.time ?? 0,
        ...(message.checksum === undefined ? {} : { checksum: message.checksum }),
        bids: message.bids,
        asks: message.asks,
      };
    case 'rejected':
      if (message.pair === undefined || subscriptionRefusal(message.reason ?? '') !== 'refused') return CONTROL;
      return { type: 'rejected', symbols: [message.pair], reason: message.reason ?? 'subscription refused' };
    default:
      return CONTROL; // subscribed, unsubscribed, heartbeat, pong, status
  }
}
