import type { BookView } from '@lob/core';
import { bookIds } from '@lob/book-stream';
import { idLabel } from '../feeds/book-top.js';
import { allBooks, resyncCount, type MarketSource } from '../feeds/market-source.js';
import { formatLatency, formatRate } from './format.js';
import { UpdateRates } from './update-rates.js';

/**
 * One venue's status on one line: each book's state, best bid and ask, updates per second, resyncs, its update id
 * (or its checksum where the venue has no ids), and the last event's latency: exchange to receipt, receipt to apply.
 */
export function marketLine(source: MarketSource, rates: ReadonlyMap<string, number>, now: number): string {
  const books = source.books().map((view) => bookPart(view, rates.get(`${view.market}/${view.symbol}`) ?? 0, source.hasUpdateIds));
  return `${new Date(now).toISOString()} ${source.market} ${books.join(' | ')}`;
}

function bookPart(view: BookView, rate: number, hasUpdateIds: boolean): string {
  const id = idLabel(bookIds(view, hasUpdateIds));
  const bid = view.book.best('bid');
  const ask = view.book.best('ask');
  const state = view.state === 'live' ? 'live' : `${view.state} (${view.reason})`;
  const { lastEventTime, lastReceivedAt, lastAppliedAt } = view.stats;
  const toReceive = lastEventTime > 0 && lastReceivedAt > 0 ? formatLatency(lastReceivedAt - lastEventTime) : '-';
  const toApply = lastReceivedAt > 0 && lastAppliedAt > 0 ? formatLatency(Math.max(0, lastAppliedAt - lastReceivedAt)) : '-';
  return (
    `${view.symbol} ${state} bid ${bid === undefined ? '-' : `${bid[0]} x ${bid[1]}`} ask ${ask === undefined ? '-' : `${ask[0]} x ${ask[1]}`}` +
    ` ${formatRate(rate)} upd/s resyncs ${resyncCount(view)}${id === undefined ? '' : ` ${id.label} ${id.value}`}` +
    ` latency exch→recv ${toReceive} recv→apply ${toApply}`
  );
}

/** Without a terminal: prints one line per market every `intervalMs` (default 1 s) to `out`. */
export class LineView {
  private readonly rates = new UpdateRates(5000);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sources: readonly MarketSource[],
    private readonly out: NodeJS.WritableStream,
    private readonly intervalMs = 1000,
  ) {}

  /** Starts printing. */
  start(): void {
    this.rates.sample(allBooks(this.sources), Date.now());
    this.timer = setInterval(() => this.print(), this.intervalMs);
  }

  /** Stops printing. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private print(): void {
    const now = Date.now();
    const rates = this.rates.sample(allBooks(this.sources), now);
    for (const source of this.sources) this.out.write(`${marketLine(source, rates, now)}\n`);
  }
}
