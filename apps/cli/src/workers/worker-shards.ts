import { SnapshotLimiter, type BackoffOptions, type BookView, type DepthUpdate, type FeedEvent, type SnapshotGate } from '@lob/core';
import type { ReplicaError } from '@lob/book-stream';
import type { MarketSettings } from '../config/settings.js';
import type { MarketSource } from '../feeds/market-source.js';
import { createVenueConnector } from '../serve/market-feeds.js';
import type { VenueConnector } from '../venues/venue.js';
import { ShardWorker, type ShardFigures } from './shard-worker.js';
import { splitSymbols } from './split-symbols.js';
import { WorkerBookSource } from './worker-book-source.js';
import type { WorkerError } from './worker-error.js';

/** What WorkerShards runs. */
export interface WorkerShardsOptions {
  readonly markets: readonly MarketSettings[];
  /** Worker threads, 2 or more (1 runs the feeds on the main thread: no shards at all). */
  readonly workers: number;
  readonly onEvent: (event: FeedEvent) => void;
  readonly onUpdate: (view: BookView, update: DepthUpdate) => void;
  /** A worker ended and is being restarted, or a copy lost its way (and its book resyncs). */
  readonly onProblem?: (error: WorkerError | ReplicaError, restartInMs?: number) => void;
  /** Restart back-off of a dead worker (default 250 ms doubling to 10 s, full jitter). */
  readonly restart?: BackoffOptions;
  /** A worker alive this long starts its back-off again from the first step (default 60 s). */
  readonly healthyAfterMs?: number;
  /** How often workers report counters and their own figures (default 500 ms). */
  readonly statsIntervalMs?: number;
}

/** One venue on the main thread: its connector (for the symbol check and the limiter's probe), limiter and books. */
export interface ShardedVenue {
  readonly settings: MarketSettings;
  readonly connector: VenueConnector;
  readonly limiter: SnapshotLimiter | undefined;
  readonly source: WorkerBookSource;
}

/**
 * `lob serve --workers N`: the venues' symbols dealt over N worker threads (splitSymbols), each keeping its share
 * with its own connections, books and sync. The main thread keeps one snapshot limiter per venue, which every
 * worker's requests wait in (one budget, not N), and a copy of every book built from what the workers post; its
 * `sources` are what the API, views, outputs and metrics read.
 */
export class WorkerShards {
  readonly venues: readonly ShardedVenue[];
  readonly sources: readonly MarketSource[];
  private readonly shards: ShardWorker[];

  constructor(options: WorkerShardsOptions) {
    this.venues = options.markets.map((settings): ShardedVenue => {
      const connector = createVenueConnector(settings);
      const limiter = venueLimiter(connector, options.workers);
      const source = new WorkerBookSource(settings, connector.hasUpdateIds, limiter, (s) => connector.normalizeSymbol(s));
      return { settings, connector, limiter, source };
    });
    this.sources = this.venues.map((v) => v.source);
    const gates = new Map<string, SnapshotGate>();
    for (const v of this.venues) if (v.limiter !== undefined) gates.set(v.settings.market, v.limiter);
    const context = {
      gates,
      sources: new Map(this.venues.map((v) => [v.settings.market, v.source])),
      onEvent: options.onEvent,
      onUpdate: options.onUpdate,
      onProblem: options.onProblem ?? (() => undefined),
      restart: options.restart ?? { baseMs: 250, maxMs: 10_000 },
      healthyAfterMs: options.healthyAfterMs ?? 60_000,
      statsIntervalMs: options.statsIntervalMs ?? 500,
    };
    // More workers than symbols: the ones that would keep nothing are not started.
    this.shards = splitSymbols(options.markets, options.workers)
      .filter((share) => share.length > 0)
      .map((share, i) => new ShardWorker(i + 1, share, context));
  }

  /** Starts every worker; books fill in as the workers' snapshots arrive. */
  start(): void {
    for (const shard of this.shards) shard.start();
  }

  /** Each worker's figures, for the metrics. */
  figures(): ShardFigures[] {
    return this.shards.map((s) => s.read());
  }

  /** Test hook: makes worker `worker` (1-based) throw from its loop. */
  crash(worker: number, message?: string): void {
    this.shards[worker - 1]?.crash(message);
  }

  /** Stops every worker, then closes the main thread's connectors. */
  async close(): Promise<void> {
    await Promise.allSettled(this.shards.map((s) => s.close()));
    await Promise.allSettled(this.venues.map((v) => v.connector.close()));
  }
}

/** Requests in flight at once per worker: what one feed's own limiter allows. */
const IN_FLIGHT_PER_WORKER = 4;

/**
 * The venue's one snapshot limiter, as a feed of its own would make it, but letting each worker keep as many requests
 * in flight as a feed alone would: a permit's slot is held for two hops between threads besides the request itself,
 * and with one process's four slots shared by every worker a cold start of many books was paced by those hops, not
 * by the weight budget, which stays one budget. None where snapshots come in the stream.
 */
function venueLimiter(connector: VenueConnector, workers: number): SnapshotLimiter | undefined {
  const source = connector.snapshots;
  if (source.kind !== 'rest') return undefined;
  const probe = source.probeUsedWeight;
  return new SnapshotLimiter({
    budget: source.weightBudget,
    maxConcurrent: IN_FLIGHT_PER_WORKER * workers,
    ...(probe === undefined ? {} : { probe: (signal: AbortSignal) => probe.call(source, signal) }),
  });
}
