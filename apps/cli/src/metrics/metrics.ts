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
  /**
   * Records the latencies of the update just applied, from the times in `view.stats` (pass as part of the feed's
   * onUpdate; cheap: a map lookup and two histogram observes).
   */
  observeUpdate(view: BookView, update: DepthUpdate): void;
}

/** Upper bounds of exchange→receive, 1 ms to 10 s: network and exchange-side delays (and the clocks' offset). */
const EXCHANGE_TO_RECEIVE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Upper bounds of receive→apply, 1 µs to 100 ms: decoding and applying take microseconds; waits are longer. */
const RECEIVE_TO_APPLY_BUCKETS = [0.000001, 0.0000025, 0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];

/**
 * Builds the metrics. Counters and gauges are read from the feeds' own stats at scrape time (no work on the hot
 * path; a scrape offers the feeds a turn every few ms (yieldSlice), so one book's figures are of one moment, and
 * books read later in a scrape may be a few updates newer); only the latency histograms are fed per update, because a
 * distribution cannot be read afterwards.
 */
export function createMetrics(sources: readonly MarketSource[], options: { processMetrics?: boolean; now?: () => number } = {}): Metrics {
  const registry = new Registry();
  const now = options.now ?? Date.now;
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'lob_' });
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

  const exchangeToReceive = new Histogram({
    name: 'lob_exchange_to_receive_seconds',
    help:
      'Time from the exchange stamping an event to lob receiving its frame (receivedAt - eventTime). Compares the ' +
      'exchange clock with ours, so it includes their offset (below zero counts as 0); venues that stamp no event time have none',
    labelNames: ['market'],
    buckets: EXCHANGE_TO_RECEIVE_BUCKETS,
    registers: [registry],
  });
  const receiveToApply = new Histogram({
    name: 'lob_receive_to_apply_seconds',
    help:
      'Time from a frame reaching lob to its event being applied to the book (appliedAt - receivedAt): decoding and ' +
      'applying, or for an event buffered while a snapshot was fetched, the wait for it',
    labelNames: ['market'],
    buckets: RECEIVE_TO_APPLY_BUCKETS,
    registers: [registry],
  });
  // The label children, looked up once per market: an observe is then a map lookup and two bucket walks.
  const byMarket = new Map<string, { toReceive: Histogram.Internal<'market'>; toApply: Histogram.Internal<'market'> }>();
  return {
    registry,
    observeUpdate(view) {
      let children = byMarket.get(view.market);
      if (children === undefined) {
        const labels = { market: view.market };
        children = { toReceive: exchangeToReceive.labels(labels), toApply: receiveToApply.labels(labels) };
        byMarket.set(view.market, children);
      }
      const { lastEventTime, lastReceivedAt, lastAppliedAt } = view.stats;
      if (lastEventTime > 0) children.toReceive.observe(Math.max(0, lastReceivedAt - lastEventTime) / 1000);
      children.toApply.observe(Math.max(0, lastAppliedAt - lastReceivedAt) / 1000);
    },
  };
}
