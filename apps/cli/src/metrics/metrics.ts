import type { BookView, DepthUpdate, SyncState } from '@lob/core';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MarketSource } from '../feeds/market-source.js';
import { BOOKS_PER_TURN, registerScraped, type FillSamples } from './scraped-metric.js';

// Every state, by construction: a state added to core without a line here fails to compile.
const STATE_SET: Readonly<Record<SyncState, true>> = {
  connecting: true,
  syncing: true,
  live: true,
  resyncing: true,
  'backing-off': true,
  stopped: true,
  invalid: true,
};
const STATES = Object.keys(STATE_SET) as SyncState[];

/** The Prometheus registry of one `lob serve`, and the hook that times each applied update. */
export interface Metrics {
  readonly registry: Registry;
  /** Records the lag of an applied update (pass as part of the feed's onUpdate; cheap: one histogram observe). */
  observeUpdate(view: BookView, update: DepthUpdate): void;
}

/**
 * Builds the metrics. Counters and gauges are read from the feeds' own stats at scrape time (no work on the hot
 * path; a scrape offers the feeds a turn every few ms (yieldSlice), so one book's figures are of one moment, and
 * books read later in a scrape may be a few updates newer); only the message lag histogram is fed per update, because a distribution cannot be read afterwards.
 */
export function createMetrics(sources: readonly MarketSource[], options: { processMetrics?: boolean; now?: () => number } = {}): Metrics {
  const registry = new Registry();
  const now = options.now ?? Date.now;
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'lob_process_' });
  const bookLabels = ['market', 'symbol'] as const;

  const scraped = (kind: 'counter' | 'gauge', name: string, help: string, labelNames: readonly string[], fill: FillSamples): void =>
    registerScraped(registry, kind, name, help, labelNames, fill);
  /** Every book, with a turn of the event loop every BOOKS_PER_TURN books (see ScrapedMetric). */
  const eachBook = async (turn: () => Promise<void>, each: (v: BookView, s: MarketSource) => void): Promise<void> => {
    let n = 0;
    for (const s of sources) {
      for (const v of s.books()) {
        if (++n % BOOKS_PER_TURN === 0) await turn();
        each(v, s);
      }
    }
  };
  /** One sample per book; books where `read` has none are left out. */
  const bookMetric = (kind: 'counter' | 'gauge', name: string, help: string, read: (v: BookView, s: MarketSource) => number | undefined): void =>
    scraped(kind, name, help, bookLabels, (put, turn) =>
      eachBook(turn, (v, s) => {
        const value = read(v, s);
        if (value !== undefined) put({ market: v.market, symbol: v.symbol }, value);
      }),
    );
  /** A per-market figure; markets where `read` has none (no REST limiter where snapshots come in the stream) are left out. */
  const marketMetric = (kind: 'counter' | 'gauge', name: string, help: string, read: (s: MarketSource) => number | undefined): void =>
    scraped(kind, name, help, ['market'], (put) => {
      for (const s of sources) {
        const value = read(s);
        if (value !== undefined) put({ market: s.market }, value);
      }
    });

  bookMetric('counter', 'lob_updates_applied_total', 'Diff events applied to the book', (v) => v.stats.updatesApplied);
  bookMetric('counter', 'lob_levels_applied_total', 'Price levels changed by applied diff events', (v) => v.stats.levelsApplied);
  bookMetric('counter', 'lob_stale_updates_dropped_total', 'Diff events dropped as already contained in the book', (v) => v.stats.staleDropped);
  bookMetric('counter', 'lob_snapshots_fetched_total', 'REST snapshots received', (v) => v.stats.snapshotsFetched);
  bookMetric('counter', 'lob_refreshes_total', 'Background snapshots that replaced a live book to keep it exact deep enough', (v) => v.stats.refreshes);
  bookMetric('counter', 'lob_buffer_dropped_total', 'Buffered events dropped by a bound while waiting for a snapshot', (v) => v.stats.bufferDropped);
  scraped('gauge', 'lob_book_exact_levels', 'Top levels per side guaranteed to be the exchange\'s (exactDepth)', ['market', 'symbol', 'side'], (put, turn) =>
    eachBook(turn, (v) => {
      const exact = v.exactDepth;
      put({ market: v.market, symbol: v.symbol, side: 'bid' }, exact.bids);
      put({ market: v.market, symbol: v.symbol, side: 'ask' }, exact.asks);
    }),
  );

  scraped(
    'counter',
    'lob_resyncs_total',
    'Times a book was thrown away and rebuilt, by reason (gap, malformed-frame, crossed book, disconnect, ...)',
    ['market', 'symbol', 'reason'],
    (put, turn) =>
      eachBook(turn, (v) => {
        for (const [reason, count] of Object.entries(v.stats.resyncs)) put({ market: v.market, symbol: v.symbol, reason }, count);
      }),
  );

  scraped('gauge', 'lob_book_levels', 'Price levels held per side', ['market', 'symbol', 'side'], (put, turn) =>
    eachBook(turn, (v) => {
      put({ market: v.market, symbol: v.symbol, side: 'bid' }, v.book.size('bid'));
      put({ market: v.market, symbol: v.symbol, side: 'ask' }, v.book.size('ask'));
    }),
  );
  scraped(
    'gauge',
    'lob_book_state',
    'Sync state of each book: 1 for the current state, 0 for the others (only live means in sync)',
    ['market', 'symbol', 'state'],
    (put, turn) =>
      eachBook(turn, (v) => {
        for (const state of STATES) put({ market: v.market, symbol: v.symbol, state }, v.state === state ? 1 : 0);
      }),
  );
  // Venues without update ids keep 0 there: a series of zeros would only mislead.
  bookMetric('gauge', 'lob_book_last_update_id', 'Final update id of the last applied event (venues with update ids)', (v, s) =>
    s.hasUpdateIds ? v.lastUpdateId : undefined,
  );
  scraped('gauge', 'lob_last_update_age_seconds', 'Seconds since the book last applied an event (absent before the first)', bookLabels, (put, turn) =>
    eachBook(turn, (v) => {
      if (v.stats.lastAppliedAt > 0) put({ market: v.market, symbol: v.symbol }, (now() - v.stats.lastAppliedAt) / 1000);
    }),
  );

  marketMetric('counter', 'lob_snapshot_requests_total', 'Snapshot requests started through the shared limiter', (s) => s.limiter?.stats.requests);
  marketMetric('counter', 'lob_snapshot_weight_used_total', 'REST weight spent on snapshots since start', (s) => s.limiter?.stats.weightUsed);
  marketMetric('gauge', 'lob_snapshot_weight_window', 'REST weight counted in the current one-minute window (ours, or the exchange figure when higher)', (s) =>
    s.limiter?.usedWeight(),
  );
  marketMetric('counter', 'lob_snapshot_rate_limited_total', 'Snapshot requests answered 429 or 418', (s) => s.limiter?.stats.rateLimited);
  marketMetric('gauge', 'lob_snapshot_queue', 'Snapshot requests waiting for the limiter', (s) => s.limiter?.stats.queued);
  marketMetric('gauge', 'lob_connections', 'Stream connections configured', (s) => s.connections().total);
  marketMetric('gauge', 'lob_connections_open', 'Stream connections open now', (s) => s.connections().open);
  marketMetric('counter', 'lob_frames_received_total', 'WebSocket frames received', (s) => s.connections().frames);
  marketMetric('counter', 'lob_malformed_frames_total', 'Frames that could not be decoded', (s) => s.connections().malformed);
  marketMetric('counter', 'lob_reconnects_total', 'Stream connections lost and reopened', (s) => s.connections().reconnects);

  const lag = new Histogram({
    name: 'lob_message_lag_seconds',
    help: 'Local time of applying an event minus the exchange time stamped on it (includes clock offset)',
    labelNames: ['market'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const lagByMarket = new Map<string, Histogram.Internal<'market'>>();
  return {
    registry,
    observeUpdate(view, update) {
      let child = lagByMarket.get(view.market);
      if (child === undefined) lagByMarket.set(view.market, (child = lag.labels({ market: view.market })));
      child.observe(Math.max(0, now() - update.eventTime) / 1000);
    },
  };
}
