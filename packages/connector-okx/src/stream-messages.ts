import type { StreamMessage } from '@lob/core';
import { decodeOkxFrame } from './frame-decoder.js';
import { scanOkxBookFrame } from './frame-scanner.js';
import type { OkxMessage } from './okx-messages.js';

/** OKX's notice that the service is about to be upgraded: reconnect now (docs, "Notice" 64008). */
export const SERVICE_UPGRADE_NOTICE = '64008';

const CONTROL: StreamMessage = { type: 'control' };
const SHUTDOWN: StreamMessage = { type: 'shutdown' };
// An error answering our unsubscribe says nothing about the instrument: the subscribe that follows will tell.
const UNSUBSCRIBE_REQUEST = /"?op"?\s*:\s*"?unsubscribe/;

/**
 * Decodes one OKX frame into core's normalized stream message: a snapshot or update (OKX ids as firstId = lastId =
 * seqId, prevLastId = prevSeqId; 0 and undefined where the frame has none), a refused subscription when an error
 * names an instId, a shutdown on the service-upgrade notice, control for everything else. Throws DecodeError only.
 */
export function decodeOkxStreamMessage(frame: string): StreamMessage {
  // Book pushes in OKX's usual shape take the one-pass scanner; everything else the full decoder.
  return toStreamMessage(scanOkxBookFrame(frame) ?? decodeOkxFrame(frame));
}

/** Maps one decoded OKX message to core's normalized stream message. */
export function toStreamMessage(message: OkxMessage): StreamMessage {
  switch (message.type) {
    case 'book': {
      const { instId: symbol, bids, asks, checksum } = message;
      const eventTime = Number(message.ts);
      if (message.kind === 'snapshot') return { type: 'snapshot', symbol, lastUpdateId: message.seqId ?? 0, eventTime, checksum, bids, asks };
      const id = message.seqId ?? 0;
      return { type: 'depth', symbol, firstId: id, lastId: id, prevLastId: message.prevSeqId, eventTime, checksum, bids, asks };
    }
    case 'error':
      // OKX names the instrument only inside `msg`; an error naming none cannot be tied to a book and stops nothing.
      if (message.instId === undefined || UNSUBSCRIBE_REQUEST.test(message.message)) return CONTROL;
      return { type: 'rejected', symbols: [message.instId], reason: `OKX error ${message.code}: ${message.message}` };
    case 'notice':
      return message.code === SERVICE_UPGRADE_NOTICE ? SHUTDOWN : CONTROL;
    default:
      return CONTROL;
  }
}
