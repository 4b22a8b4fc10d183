import type { BookView } from '@lob/core';

/** What identifies a book's state to a reader: the venue's sequence where it has one, the checksum where it sends one. */
export interface BookIds {
  /** Final update id of the last applied event; only where the venue's messages carry a sequence. */
  readonly lastUpdateId?: number;
  /** The venue's checksum the book last matched; only where the venue sends checksums. */
  readonly checksum?: number;
}

/**
 * The times of what a book last took in (an exchange event, or a snapshot that replaced the book), as every
 * output carries them: ms since the epoch, with lob's own times to the microsecond (a fraction of 3 decimals).
 * null where not known: `eventTime` where the venue stamps no time on its messages (and after a REST snapshot,
 * which has none, until the next event), all three before the book took anything in.
 */
export interface BookTimes {
  /** The exchange's time of the event (its `E`, `ts`), ms; null where the venue sends none. */
  readonly eventTime: number | null;
  /** When the frame carrying it reached lob, before decoding (for a REST snapshot: when the response arrived). */
  readonly receivedAt: number | null;
  /** When lob applied it to the book. */
  readonly appliedAt: number | null;
}

/**
 * The ids of a book's state as outputs carry them: `lastUpdateId` only where the venue has update ids (elsewhere it
 * is 0 and means nothing), `checksum` only where the venue sends checksums.
 */
export function bookIds(view: BookView, hasUpdateIds: boolean): BookIds {
  return {
    ...(hasUpdateIds ? { lastUpdateId: view.lastUpdateId } : {}),
    ...(view.checksum === undefined ? {} : { checksum: view.checksum }),
  };
}

/** Rounds a time in ms to the microsecond (3 decimals): the precision lob's clock is reported at. */
export function toMicros(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** A book's times as outputs carry them (see BookTimes); read from its stats, so synchronous with its levels. */
export function bookTimes(view: BookView): BookTimes {
  const { lastEventTime, lastReceivedAt, lastAppliedAt } = view.stats;
  return {
    eventTime: lastEventTime > 0 ? lastEventTime : null,
    receivedAt: lastReceivedAt > 0 ? toMicros(lastReceivedAt) : null,
    appliedAt: lastAppliedAt > 0 ? toMicros(lastAppliedAt) : null,
  };
}
