import type { OrderBook, SequencingRules } from '@lob/core';
import { okxChecksum } from './checksum.js';
import type { OkxBookMessage } from './okx-messages.js';

/** What to do with a book message given the last one applied: apply it, drop it as already applied, or resync. */
export type OkxContinuity = 'apply' | 'stale' | 'gap';

/**
 * OKX's sequencing rule (docs, "Sequence ID"): every message's `prevSeqId` is the previous message's `seqId`.
 * That covers the documented exceptions too: a keepalive update with empty sides has `seqId == prevSeqId`, and after
 * maintenance a reset update has `seqId < prevSeqId`, both still chained by `prevSeqId`. A snapshot always applies
 * (it replaces the book). A message ending exactly at `previousSeqId` without chaining to it is a repeat of the one
 * just applied (stale). Any other break is a gap, including an older repeat: after a missed sequence reset, small
 * ids reappear, so "at or before previousSeqId" cannot tell a repeat from a loss, and only a resync is safe.
 * Messages without ids (captures before OKX added them) apply, and only the checksum can tell a loss.
 * `previousSeqId` is undefined when the last message carried none.
 */
export function classify(previousSeqId: number | undefined, message: Pick<OkxBookMessage, 'kind' | 'seqId' | 'prevSeqId'>): OkxContinuity {
  if (message.kind === 'snapshot') return 'apply';
  const { seqId, prevSeqId } = message;
  if (prevSeqId === undefined) return 'apply';
  // Ids appear where the previous message had none: continuity cannot be shown, so the book cannot be trusted.
  if (previousSeqId === undefined) return 'gap';
  if (prevSeqId === previousSeqId) return 'apply';
  if (seqId === previousSeqId) return 'stale';
  return 'gap';
}

/** Whether the held book, after applying `message`, has the checksum OKX sent with it; false means resync. */
export function verify(book: OrderBook, message: Pick<OkxBookMessage, 'checksum'>): boolean {
  return okxChecksum(book) === message.checksum;
}

/**
 * The same rules as core's SequencingRules over normalized updates (lastId = seqId, prevLastId = prevSeqId): the
 * book's position is the last seqId applied, 0 where the messages carried none, so an update without ids applies
 * (the checksum is then the only proof) and ids appearing after a book without them do not chain (a gap).
 */
export const okxSequencingRules: SequencingRules = {
  classify: (update, position) => classify(position, { kind: 'update', seqId: update.lastId, prevSeqId: update.prevLastId }),
  verify: (book, message) => message.checksum === undefined || verify(book, { checksum: message.checksum }),
};
