import { ConfigError, type BookView, type DepthUpdate, type FeedEvent } from '@lob/core';
import { TimelineRecorder, recordingConnector, replayConnector, type ReplayEntry, type ReplaySpeed, type ReplaySummary } from '@lob/recording';
import type { BookPublisher } from '@lob/nats-publisher';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { invocationDir, loadSettings, type MarketSettings, type ServeFlags, type ServeSettings } from '../config/settings.js';
import { BookHistory } from '../feeds/book-history.js';
import type { MarketSource } from '../feeds/market-source.js';
import { BookChanges } from '../http/book-changes.js';
import { FeedEventLog, type MarketEndpoints } from '../log/feed-event-log.js';
import { createMetrics, type Metrics } from '../metrics/metrics.js';
import { readKeys, type ViewKey } from '../view/key-input.js';
import { startDemoExchange, type DemoExchange } from './demo-exchange.js';
import { createMarketFeeds, endpointsOf, type RunningMarket } from './market-feeds.js';
import type { VenueConnector } from '../venues/venue.js';
import { findVenue, listedSpelling } from '../venues/registry.js';
import { startPublishing } from './book-publishing.js';
import type { ServeIO } from './serve-io.js';
import { createServeLog } from './serve-log.js';
import { startHttpApi, startViews } from './serve-outputs.js';
import { installShutdown } from './shutdown.js';
import { handOverShard, startShardLeases } from './shard-serve.js';
import type { ShardLeases } from '@lob/shard-leases';
import { checkListedSymbols } from './symbol-check.js';
import { registerWorkerMetrics } from '../workers/worker-metrics.js';
import { WorkerError } from '../workers/worker-error.js';
import { WorkerShards } from '../workers/worker-shards.js';

export type { ServeIO } from './serve-io.js';

/**
 * `lob serve`: reads the settings, starts the simulators in demo mode, the feeds, the chosen output (terminal view,
 * lines, or JSON lines) and the HTTP API, then keeps running until a signal. Configuration errors reject before
 * anything starts.
 */
export async function runServe(flags: ServeFlags, io: ServeIO): Promise<void> {
  const settings = await loadSettings(flags, invocationDir(io.env, io.cwd));
  keepServing(await startServe(settings, io, flags.pairs !== undefined ? { symbolsKey: '--pairs' } : {}), io);
}

/** Observers of every feed besides the outputs (tests compare books through them). */
export interface ServeObservers {
  readonly onEvent?: (event: FeedEvent) => void;
  readonly onUpdate?: (view: BookView, update: DepthUpdate) => void;
}

/** A replay to run instead of connecting: each venue's merged timeline and the pace (see `lob replay`). */
export interface ReplayPlan {
  readonly timelines: ReadonlyMap<string, readonly ReplayEntry[]>;
  readonly speed: ReplaySpeed;
}

/** What startServe runs besides the settings. */
export interface StartOptions {
  readonly replay?: ReplayPlan;
  readonly observers?: ServeObservers;
  /** Where the symbols came from, for a symbol the exchange does not list (default: the config's key). */
  readonly symbolsKey?: string;
}

/** A running lob process as keepServing holds it: its log, how to stop it, and its terminal view's keys. */
export interface Serving {
  readonly log: Logger;
  /** Stops everything it started. */
  close(why: string): Promise<void>;
  /** Stops the terminal view (before a fatal error is printed). */
  stopView(): void;
  /** Where the terminal view's keys go (another layout, another page); absent without a terminal view. */
  readonly onViewKey?: (key: Exclude<ViewKey, 'quit'>) => void;
}

/** What startServe started: the venues, the log, how to stop it all, and for a replay when it ends. */
export interface StartedServe extends Serving {
  /** The feeds on the main thread; empty with worker threads (see `workers`). */
  readonly running: readonly RunningMarket[];
  /** What the API, views and outputs read: the feeds, or the main thread's copies of the workers' books. */
  readonly sources: readonly MarketSource[];
  /** The worker threads keeping the books, with `--workers` 2 or more. */
  readonly workers?: WorkerShards;
  /** Stops outputs and feeds and closes connectors, simulators, recordings and the HTTP API. */
  close(why: string): Promise<void>;
  /** A replay: settles once every venue's recording was replayed. */
  readonly replayed?: Promise<readonly ReplaySummary[]>;
}

/**
 * Starts everything `lob serve` (or, given a replay plan, `lob replay`) runs: the simulators in demo mode, the feeds
 * (recording when settings say so), the chosen output and the HTTP API. Returns without signal handling or exit,
 * which keepServing adds. Configuration errors reject before anything starts.
 */
export async function startServe(settings: ServeSettings, io: ServeIO, options: StartOptions = {}): Promise<StartedServe> {
  const { replay, observers } = options;
  const serveLog = createServeLog(settings, io);
  const { log } = serveLog;
  log.info({ configFile: settings.configFile }, settings.configFile === undefined ? 'no config file: using defaults and flags' : `config: ${settings.configFile}`);
  for (const note of settings.notes) log.info(note);

  if (settings.workers > 1 && (settings.record !== undefined || replay !== undefined)) {
    const what = replay !== undefined ? 'a replay' : '--record';
    throw new ConfigError('invalid-value', `--workers: ${what} runs in one thread; leave --workers out (or set it to 1)`, { key: '--workers' });
  }
  if (settings.workers > 1 && settings.shard?.kind === 'auto') {
    // Leases move symbols in and out of this process one by one; the workers' split is fixed at start.
    throw new ConfigError('invalid-value', '--workers: --shard auto runs its books in one thread; use --shard i/n with --workers, or leave --workers out', { key: '--workers' });
  }
  // First: a directory that cannot be made is the user's error, reported before anything starts.
  const recorder = settings.record === undefined ? undefined : startRecording(settings.record, log);
  let demo: DemoExchange | undefined;
  let markets: readonly MarketSettings[] = settings.markets;
  if (settings.demo !== undefined) {
    demo = await startDemoExchange(settings.markets, settings.demo);
    markets = demo.markets;
    for (const [market, sim] of demo.sims) {
      const faults = settings.demo.faultEveryTicks > 0 ? `random faults every ${settings.demo.faultEveryTicks} ticks` : 'no faults';
      const title = findVenue(market)?.title ?? market;
      log.info({ market, restUrl: sim.restUrl, wsUrl: sim.wsUrl }, `demo: simulated ${title} (${market}) on ${sim.restUrl} (${faults})`);
    }
  }

  const endpoints = new Map<string, MarketEndpoints>(markets.map((m) => [m.market, endpointsOf(m)]));
  const eventLog = new FeedEventLog(log, { endpoints, demo: demo !== undefined });
  const history = new BookHistory();
  // The diff stream hears every applied update and event; the API is built after the feeds, so it listens later.
  const changes = new BookChanges();
  let metrics: Metrics | undefined;
  let running: ReturnType<typeof createMarketFeeds> = [];
  let shards: WorkerShards | undefined;
  const replaying: Promise<ReplaySummary>[] = [];
  try {
    const wrapConnector = (connector: VenueConnector, m: MarketSettings): VenueConnector => {
      if (replay !== undefined) {
        const onWarning = (message: string): void => log.warn({ market: m.market }, message);
        const replayed = replayConnector(connector, { entries: replay.timelines.get(m.market) ?? [], speed: replay.speed, onWarning });
        replaying.push(replayed.finished);
        return replayed;
      }
      if (recorder === undefined) return connector;
      return recordingConnector(connector, { recorder, onWarning: (message) => log.warn({ market: m.market }, message) });
    };
    const hooks = {
      onEvent: (event: FeedEvent) => {
        history.record(event);
        eventLog.handle(event);
        changes.onEvent(event);
        observers?.onEvent?.(event);
      },
      onUpdate: (view: BookView, update: DepthUpdate) => {
        metrics?.observeUpdate(view, update);
        changes.onUpdate(view, update);
        observers?.onUpdate?.(view, update);
      },
    };
    if (settings.workers > 1) {
      shards = new WorkerShards({
        markets,
        workers: settings.workers,
        ...hooks,
        onProblem: (error, restartInMs) => {
          if (error instanceof WorkerError) {
            log.error({ event: 'worker-restart', worker: error.worker, reason: error.reason, restartInMs }, `${error.message}; restarting it in ${restartInMs} ms, its books resync`);
          } else {
            log.warn({ event: 'replica-gap', reason: error.reason }, `a book's copy on the main thread lost its way (${error.message}); resyncing it`);
          }
        },
      });
    } else {
      running = createMarketFeeds(markets, { ...hooks, wrapConnector }, { sharded: settings.shard?.kind === 'auto' });
    }
  } catch (error) {
    // A venue whose connector refuses its options (or is not built yet): the simulators must not keep the process up.
    await Promise.allSettled([demo?.close(), recorder?.close()]);
    throw error;
  }
  try {
    // A replay streams only what was recorded: there is no exchange to list symbols.
    if (replay === undefined) {
      // Symbols are checked against the exchange's list (demo and simulators included) before anything streams.
      const key = options.symbolsKey ?? (settings.configFile !== undefined ? `${settings.configFile}: symbols` : 'symbols');
      const venues = shards?.venues ?? running.map((r) => ({ settings: r.settings, connector: r.connector, limiter: r.feed.limiter }));
      await checkListedSymbols(
        venues.map((r) => ({
          market: r.settings.market,
          symbols: r.settings.symbols,
          connector: r.connector,
          limiter: r.limiter,
          spell: listedSpelling(r.settings.market),
          // Places only for symbols the config gave: with --pairs, the flag is what to name.
          ...(options.symbolsKey === undefined && settings.symbolPlaces?.[r.settings.market] !== undefined ? { places: settings.symbolPlaces[r.settings.market] } : {}),
        })),
        log,
        { key },
      );
    }
  } catch (error) {
    await Promise.allSettled([...running.map((r) => r.connector.close()), shards?.close(), demo?.close(), recorder?.close()]);
    throw error;
  }
  const sources: readonly MarketSource[] = shards?.sources ?? running.map((r) => r.feed);
  metrics = createMetrics(sources);
  if (shards !== undefined) {
    const workers = shards;
    registerWorkerMetrics(metrics.registry, () => workers.figures());
  }

  let app: FastifyInstance | undefined;
  let publisher: BookPublisher | undefined;
  try {
    // Before the feeds start: every book is published from its first snapshot.
    if (settings.publish !== undefined) publisher = await startPublishing(settings.publish, sources, changes, metrics.registry, log);
    app = await startHttpApi({ settings, sources, changes, metrics, log, ...(demo === undefined ? {} : { truth: demo.truth }) });
  } catch (error) {
    await Promise.allSettled([...running.map((r) => r.connector.close()), shards?.close(), demo?.close(), recorder?.close(), publisher?.close()]);
    throw error;
  }

  for (const m of shards?.venues.map((v) => v.settings) ?? running.map((r) => r.settings)) {
    const { wsUrl } = endpointsOf(m);
    const snapshots = m.snapshotLimit === undefined ? 'snapshots in the stream' : `snapshots of ${m.snapshotLimit} levels`;
    const from = replay === undefined ? wsUrl : `a recording (${replay.timelines.get(m.market)?.length ?? 0} frames and snapshots)`;
    const list = m.symbols.length > 20 ? `${m.symbols.slice(0, 20).join(', ')} and ${m.symbols.length - 20} more` : m.symbols.join(', ');
    log.info({ market: m.market, symbols: m.symbols, book: m.book, ...(replay === undefined ? { wsUrl } : {}) }, `${m.market}: ${list} from ${from} (${m.book} book, ${snapshots})`);
  }
  for (const { feed } of running) feed.start();
  if (shards !== undefined) {
    log.info({ event: 'workers', workers: settings.workers }, `${settings.workers} worker threads keep the books (symbols dealt round-robin); the API and views read their copies here`);
    shards.start();
  }
  // `--shard auto`: the feeds hold no symbol until the leases give them some.
  let leases: ShardLeases | undefined;
  if (settings.shard?.kind === 'auto') {
    try {
      leases = await startShardLeases(running, settings, log, publisher);
    } catch (error) {
      for (const r of running) r.feed.stop();
      await Promise.allSettled([app?.close(), ...running.map((r) => r.connector.close()), demo?.close(), recorder?.close(), publisher?.close()]);
      throw error;
    }
  }

  const demoNote =
    replay !== undefined
      ? ` · replay (${replay.speed === 'max' ? 'as fast as possible' : `${replay.speed}× recorded speed`})`
      : settings.demo === undefined
        ? ''
        : settings.demo.faultEveryTicks > 0
          ? ' · demo (simulated exchange, random faults)'
          : ' · demo (simulated exchange)';
  const views = startViews({ settings, sources, history, io, serveLog, title: `lob ${io.version}${demoNote}` });

  let closing: Promise<void> | undefined;
  const close = (why: string): Promise<void> =>
    (closing ??= (async () => {
      log.info(`stopping (${why})`);
      views.stop();
      // Before the feeds: the leases are handed over at once instead of expiring.
      if (leases !== undefined) await handOverShard(leases);
      for (const r of running) r.feed.stop();
      await Promise.allSettled([app?.close(), ...running.map((r) => r.connector.close()), shards?.close(), demo?.close(), publisher?.close()]);
      // After the connectors: the last frames are in before the files are closed and renamed.
      await recorder?.close();
      log.info('stopped');
    })());
  return {
    running,
    sources,
    ...(shards === undefined ? {} : { workers: shards }),
    log,
    close,
    ...(replay === undefined ? {} : { replayed: Promise.all(replaying) }),
    stopView: views.stopView,
    ...(views.onViewKey === undefined ? {} : { onViewKey: views.onViewKey }),
  };
}

/** Starts recording into `dir`, its files' events logged; a directory that cannot be made is the user's error. */
function startRecording(dir: string, log: Logger): TimelineRecorder {
  let recorder: TimelineRecorder;
  try {
    recorder = new TimelineRecorder({
      dir,
      onEvent: (event) => {
        const fields = { event: `recording-${event.kind}`, ...(event.file === undefined ? {} : { file: event.file }), ...(event.dropped === undefined ? {} : { dropped: event.dropped }) };
        if (event.kind === 'write-failed' || event.kind === 'dropping') log.error(fields, event.message);
        else if (event.kind === 'resumed') log.warn(fields, event.message);
        else log.debug(fields, event.message);
      },
    });
  } catch (error) {
    throw new ConfigError('invalid-value', `--record: ${(error as Error).message}`, { key: '--record' });
  }
  log.info({ event: 'recording', dir }, `recording every frame and snapshot into ${dir}`);
  return recorder;
}

/**
 * Keeps a started serve running until a signal (or stdout closing) stops it, then exits; returns the function that
 * stops it for other reasons. Unexpected errors end the process with status 1.
 */
export function keepServing(started: Serving, io: ServeIO): (why: string) => void {
  const { log } = started;
  const stop = installShutdown({
    close: (why) => {
      releaseKeys();
      return started.close(why);
    },
    onSlow: () => log.warn('shutdown took too long; exiting anyway'),
  });
  const { onViewKey } = started;
  const releaseKeys =
    onViewKey === undefined || io.stdin === undefined ? () => undefined : readKeys(io.stdin, (key) => (key === 'quit' ? stop('quit key') : onViewKey(key)));
  // `lob serve --json | head` closes stdout: that is the end of the job, not a crash.
  io.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') stop('stdout closed');
    else log.error({ err: error }, 'cannot write to stdout');
  });
  process.on('uncaughtException', (error) => fatal(log, started, error));
  process.on('unhandledRejection', (error) => fatal(log, started, error));
  return stop;
}

function fatal(log: Logger, started: Serving, error: unknown): never {
  started.stopView();
  log.fatal({ err: error }, `lob stopped on an unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
