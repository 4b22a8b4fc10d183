import { COINBASE_VENUE } from './coinbase-venue.js';

/** A level2 subscribe or unsubscribe request for these products (one message, every product in it). */
export function bookRequest(type: 'subscribe' | 'unsubscribe', productIds: readonly string[]): string {
  return JSON.stringify({ type, product_ids: productIds, channel: COINBASE_VENUE.bookChannel });
}

/** The heartbeats subscription: one numbered message a second keeps the connection's channels open. */
export function heartbeatsRequest(): string {
  return JSON.stringify({ type: 'subscribe', channel: COINBASE_VENUE.heartbeatChannel });
}
