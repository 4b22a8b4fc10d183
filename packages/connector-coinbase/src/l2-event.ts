import type { Level } from '@lob/core';

/** One `l2_data` message, read: its one event with the levels split by side, exactly as sent. */
export interface L2Event {
  readonly kind: 'snapshot' | 'update';
  readonly productId: string;
  /** The connection-wide message number (`sequence_num`), where the message carries one. */
  readonly sequenceNum: number | undefined;
  /** The envelope's `timestamp` (RFC 3339, nanoseconds), where sent. */
  readonly timestamp: string | undefined;
  readonly bids: Level[];
  readonly asks: Level[];
}

/**
 * Reads a parsed `l2_data` message: an L2Event, or a string saying what is wrong with it (`product` set when the
 * message names its product). Prices and quantities must be plain decimal strings; side `offer` is the ask side.
 *
 * Self-contained on purpose (no imports, no module constants, no helpers): the snapshot worker runs this very
 * function from its source text, so the main thread and the worker read a frame by one and the same rule.
 */
export function readL2Event(message: Record<string, unknown>): L2Event | { readonly error: string; readonly product?: string } {
  const decimal = /^\d+(?:\.\d+)?$/;
  const seq = message.sequence_num;
  if (seq !== undefined && !(typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0)) {
    return { error: 'sequence_num is not an integer >= 0' };
  }
  const timestamp = message.timestamp;
  const events = message.events;
  if (!Array.isArray(events) || events.length !== 1) return { error: 'l2_data must carry exactly one event' };
  const event = events[0] as Record<string, unknown> | null;
  if (event === null || typeof event !== 'object') return { error: 'l2_data event is not an object' };
  const productId = event.product_id;
  if (typeof productId !== 'string' || productId === '') return { error: 'l2_data event without a product_id' };
  const kind = event.type;
  if (kind !== 'snapshot' && kind !== 'update') return { error: `l2_data event type ${JSON.stringify(kind)}`, product: productId };
  const updates = event.updates;
  if (!Array.isArray(updates)) return { error: 'l2_data event without updates', product: productId };
  const bids: [string, string][] = [];
  const asks: [string, string][] = [];
  for (const update of updates as ({ side?: unknown; price_level?: unknown; new_quantity?: unknown } | null)[]) {
    const price = update?.price_level;
    const quantity = update?.new_quantity;
    if (typeof price !== 'string' || !decimal.test(price) || typeof quantity !== 'string' || !decimal.test(quantity)) {
      return { error: `bad level ${JSON.stringify(update)}`, product: productId };
    }
    if (update!.side === 'bid') bids.push([price, quantity]);
    else if (update!.side === 'offer') asks.push([price, quantity]);
    else return { error: `bad side ${JSON.stringify(update!.side)}`, product: productId };
  }
  return { kind, productId, sequenceNum: seq, timestamp: typeof timestamp === 'string' ? timestamp : undefined, bids, asks };
}
