import type { StreamMessage } from '@lob/core';
import { decodeBybitFrame } from './frame-decoder.js';
import { scanBybitBookFrame } from './frame-scanner.js';
import type { BybitMessage } from './bybit-messages.js';

const CONTROL: StreamMessage = { type: 'control' };
// A second subscribe of a live topic ("error:already subscribed,topic:orderbook.200.BTCUSDT") says nothing is wrong
// with the symbol: the subscription stands.
const NOT_A_REFUSAL = /already subscribed/i;

/**
 * Decodes one Bybit frame into core's normalized stream message: a snapshot or delta (`u` as the one id:
 * lastUpdateId, or firstId = lastId), a refused subscription when a failed subscribe names symbols, control for
 * everything else (successful replies, other topics). Throws DecodeError only.
 */
export function decodeBybitStreamMessage(frame: string): StreamMessage {
  // Book pushes in Bybit's usual shape take the one-pass scanner; everything else the full decoder.
  return toStreamMessage(scanBybitBookFrame(frame) ?? decodeBybitFrame(frame));
}

/** Maps one decoded Bybit message to core's normalized stream message. */
export function toStreamMessage(message: BybitMessage): StreamMessage {
  switch (message.type) {
    case 'book': {
      const { symbol, bids, asks, u, ts } = message;
      if (message.kind === 'snapshot') return { type: 'snapshot', symbol, lastUpdateId: u, eventTime: ts, bids, asks };
      return { type: 'depth', symbol, firstId: u, lastId: u, prevLastId: undefined, eventTime: ts, bids, asks };
    }
    case 'reply':
      // A refused unsubscribe is about the old subscription: the subscribe that follows will tell. A refusal naming no
      // topic cannot be tied to a book; the book's snapshot wait asks again.
      if (message.success || message.op !== 'subscribe' || message.symbols.length === 0 || NOT_A_REFUSAL.test(message.message)) return CONTROL;
      return { type: 'rejected', symbols: message.symbols, reason: `Bybit refused the subscription: ${message.message}` };
    default:
      return CONTROL;
  }
}
