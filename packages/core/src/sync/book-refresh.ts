import type { OrderBook, OrderBookFactory } from '../book/order-book.js';
import { decimalKey } from '../book/price-key.js';
import { LobError } from '../errors.js';
import type { BookSnapshot } from '../types.js';
import { backoffDelay, sleep, type BackoffOptions } from './backoff.js';
import type { DepthUpdate } from './depth-update.js';
import { EventBuffer } from './event-buffer.js';
import type { SequencingRules } from './sequencing-rules.js';
import type { SnapshotPriority } from './snapshot-limiter.js';

/** What a refresh needs from the book it refreshes. */
export interface RefreshHost {
  readonly symbol: string;
  readonly rules: SequencingRules;
  readonly createBook: OrderBookFactory;
  readonly fetchSnapshot: (symbol: string, signal: AbortSignal, priority: SnapshotPriority) => Promise<BookSnapshot>;
  /** The live book's update id now. */
  liveId(): number;
  /** Puts the caught-up book in place of the live one. */
  swap(book: OrderBook, snapshot: BookSnapshot): void;
  /** The refresh is over, one way or the other. */
  end(refresh: Refresh, outcome: 'refreshed' | 'refresh-abandoned', reason: string): void;
}

const MAX_ATTEMPTS = 3;

/**
 * Make-before-break: while the live book stays live, fetch a new snapshot at the lowest priority, keep the events
 * the live book applies meanwhile, build a fresh book from the snapshot plus those events, and swap it in once it
 * has caught up to exactly the live book's update id. If anything does not fit, the live book is simply kept.
 */
export class Refresh {
  private readonly followed = new EventBuffer();
  private readonly controller = new AbortController();
  /** A snapshot newer than the live book: built once the live book has caught up with it. */
  private ahead: BookSnapshot | undefined;
  private done = false;

  constructor(
    private readonly host: RefreshHost,
    private readonly retry: BackoffOptions,
    private readonly random?: () => number,
  ) {
    void this.run();
  }

  /** An event the live book just applied. */
  follow(update: DepthUpdate): void {
    if (this.done) return;
    this.followed.push(update, 0);
    const ahead = this.ahead;
    if (ahead !== undefined && this.host.liveId() >= ahead.lastUpdateId) {
      this.ahead = undefined;
      if (this.build(ahead) !== 'swapped') this.finish('refresh-abandoned', `snapshot ${ahead.lastUpdateId} did not fit the live book`);
    }
  }

  /** Abandons the refresh (the live book resyncs, closes or stops). */
  cancel(): void {
    this.done = true;
    this.controller.abort(new LobError('superseded', 'refresh no longer needed'));
  }

  private async run(): Promise<void> {
    const signal = this.controller.signal;
    for (let attempt = 0; attempt < MAX_ATTEMPTS && !this.done; attempt++) {
      let snapshot: BookSnapshot;
      try {
        snapshot = await this.host.fetchSnapshot(this.host.symbol, signal, 'refresh');
      } catch (error) {
        if (this.done) return;
        const delay = backoffDelay(attempt, this.retry, this.random, (error as { retryAfterMs?: number }).retryAfterMs);
        if (!(await this.pause(delay, signal))) return;
        continue;
      }
      if (this.done) return;
      const outcome = this.build(snapshot);
      if (outcome === 'swapped' || outcome === 'failed') return;
      if (outcome === 'ahead') {
        this.ahead = snapshot;
        return;
      }
      if (!(await this.pause(backoffDelay(attempt, this.retry, this.random), signal))) return;
    }
    this.finish('refresh-abandoned', `no snapshot fitted the live book in ${MAX_ATTEMPTS} attempts; keeping it`);
  }

  /** Builds a fresh book from `snapshot` plus the followed events and swaps it in when it reaches the live id. */
  private build(snapshot: BookSnapshot): 'swapped' | 'older' | 'ahead' | 'failed' {
    const { rules } = this.host;
    const sid = snapshot.lastUpdateId;
    const live = this.host.liveId();
    if (sid > live) return 'ahead';
    const followed = this.followed;
    while (followed.length > 0 && rules.classify(followed.at(0) as DepthUpdate, sid, true) === 'stale') followed.shift();
    const first = followed.at(0);
    if (first === undefined ? sid !== live : rules.classify(first, sid, true) !== 'apply') return 'older';
    const book = this.host.createBook();
    try {
      book.reset(snapshot.bids, snapshot.asks);
      for (let i = 0; i < followed.length; i++) {
        const update = followed.at(i) as DepthUpdate;
        book.apply('bid', update.bids);
        book.apply('ask', update.asks);
      }
    } catch (error) {
      this.finish('refresh-abandoned', `snapshot ${sid} did not load: ${error instanceof Error ? error.message : String(error)}`);
      return 'failed';
    }
    const bid = book.best('bid');
    const ask = book.best('ask');
    if (bid !== undefined && ask !== undefined && decimalKey(bid[0]) >= decimalKey(ask[0])) {
      this.finish('refresh-abandoned', `snapshot ${sid} plus the events since gives a crossed book; keeping the live one`);
      return 'failed';
    }
    this.done = true;
    this.host.swap(book, snapshot);
    this.host.end(this, 'refreshed', `snapshot ${sid} caught up with the live book at ${live} and replaced it`);
    return 'swapped';
  }

  private finish(outcome: 'refreshed' | 'refresh-abandoned', reason: string): void {
    this.done = true;
    this.followed.clear();
    this.host.end(this, outcome, reason);
  }

  private async pause(ms: number, signal: AbortSignal): Promise<boolean> {
    try {
      await sleep(ms, signal);
      return !this.done;
    } catch {
      return false;
    }
  }
}
