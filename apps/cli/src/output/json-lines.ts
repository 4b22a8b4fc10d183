import { mid, spread, type BookView, type Level } from '@lob/core';
import { bookTimes, type BookIds, type BookTimes } from '@lob/book-stream';
import { bookTop } from '../feeds/book-top.js';
import { resyncCount, type MarketSource } from '../feeds/market-source.js';

/**
 * One JSON line of `--json`: a book's top levels and status, written when the book changed. `lastUpdateId` only
 * where the venue has update ids, `checksum` only where it sends checksums; the times (see BookTimes) are those of
 * the last event or snapshot the book took in.
 */
export interface BookLine extends BookIds, BookTimes {
  readonly type: 'book';
  /** Local time of the line, ms since the epoch. */
  readonly time: number;
  /** The venue's name. */
  readonly market: string;
  readonly symbol: string;
  /** Only `live` means the book is in sync with the exchange; `invalid` that the exchange does not know the symbol. */
  readonly state: string;
  readonly reason: string;
  /** Top levels per side, best first, `[price, quantity]` exact strings. */
  readonly bids: Level[];
  readonly asks: Level[];
  /** Exact decimal strings, null when a side is empty. */
  readonly spread: string | null;
  readonly mid: string | null;
  readonly updatesApplied: number;
  readonly resyncs: number;
}

/** Reads one book into a JSON line; synchronous, so the line is one consistent state of the book. */
export function bookLine(view: BookView, depth: number, now: number, hasUpdateIds: boolean): BookLine {
  const book = view.book;
  return {
    type: 'book',
    time: now,
    ...bookTimes(view),
    ...bookTop(view, depth, hasUpdateIds),
    spread: spread(book) ?? null,
    mid: mid(book) ?? null,
    updatesApplied: view.stats.updatesApplied,
    resyncs: resyncCount(view),
  };
}

/**
 * `--json`: every `intervalMs` (default 100), one line per book whose updates or state changed since its last
 * line. A consumer that reads slowly makes lines wait, not pile up: while stdout is full nothing is written, and
 * the next line of a book carries its newest state.
 */
export class JsonLinesWriter {
  private readonly last = new Map<BookView, string>();
  private timer: NodeJS.Timeout | undefined;
  private blocked = false;

  constructor(
    private readonly sources: readonly MarketSource[],
    private readonly depthOf: (market: string) => number,
    private readonly out: NodeJS.WritableStream,
    private readonly intervalMs = 100,
  ) {}

  /** Starts writing (the first lines come at once). */
  start(): void {
    this.flush();
    this.timer = setInterval(() => this.flush(), this.intervalMs);
  }

  /** Writes what changed since the last call and stops. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.flush();
  }

  private flush(): void {
    if (this.blocked) return;
    const now = Date.now();
    let text = '';
    for (const source of this.sources) {
      for (const view of source.books()) {
        // A refresh swaps in a deeper book at the same update id: only exactDepth tells the line changed. Venues
        // without update ids keep lastUpdateId at 0: the count of applied updates and the checksum tell for them.
        const exact = view.exactDepth;
        // The apply time moves with every event or snapshot taken in (an in-stream snapshot counts no update).
        const key = `${view.state}|${view.lastUpdateId}|${view.stats.updatesApplied}|${view.checksum}|${exact.bids}|${exact.asks}|${view.stats.lastAppliedAt}`;
        if (this.last.get(view) === key) continue;
        this.last.set(view, key);
        text += `${JSON.stringify(bookLine(view, this.depthOf(source.market), now, source.hasUpdateIds))}\n`;
      }
    }
    if (text === '') return;
    if (!this.out.write(text)) {
      this.blocked = true;
      this.out.once('drain', () => {
        this.blocked = false;
      });
    }
  }
}
