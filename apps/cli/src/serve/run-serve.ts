import { ConfigError } from '@lob/core';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { isLoopback } from '../config/listen-address.js';
import { invocationDir, loadSettings, type MarketSettings, type ServeFlags } from '../config/settings.js';
import { BookHistory } from '../feeds/book-history.js';
import type { MarketSource } from '../feeds/market-source.js';
import { BookChanges } from '../http/book-changes.js';
import { createHttpApp, listenHttp } from '../http/server.js';
import { FeedEventLog, type MarketEndpoints } from '../log/feed-event-log.js';
import { createLogger } from '../log/logger.js';
import { createMetrics, type Metrics } from '../metrics/metrics.js';
import { JsonLinesWriter } from '../output/json-lines.js';
import { LineView } from '../view/line-view.js';
import { TerminalView } from '../view/terminal-view.js';
import { startDemoExchange, type DemoExchange } from './demo-exchange.js';
import { createMarketFeeds, endpointsOf } from './market-feeds.js';
import { findVenue, listedSpelling } from '../venues/registry.js';
import { installShutdown } from './shutdown.js';
import { checkListedSymbols } from './symbol-check.js';

/** The process `lob serve` runs in: its streams, environment and directory. */
export interface ServeIO {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly version: string;
}

/** Whether to colour a stream: a terminal, unless NO_COLOR or a dumb terminal says no (FORCE_COLOR says yes). */
function wantsColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

/**
 * `lob serve`: reads the settings, starts the simulators in demo mode, the feeds, the chosen output (terminal view,
 * lines, or JSON lines) and the HTTP API, then keeps running until a signal. Configuration errors reject before
 * anything starts.
 */
export async function runServe(flags: ServeFlags, io: ServeIO): Promise<void> {
  const settings = await loadSettings(flags, invocationDir(io.env, io.cwd));
  const useTerminalView = !settings.json && io.stdout.isTTY === true;

  let view: TerminalView | undefined;
  const log = createLogger({
    level: settings.logLevel,
    pretty: io.stderr.isTTY === true,
    color: wantsColor(io.stderr, io.env),
    // While the terminal view draws on the same screen, logs go through it so the frame stays whole.
    sink: (text) => (view !== undefined && io.stderr.isTTY === true ? view.log(text) : io.stderr.write(text)),
  });
  log.info({ configFile: settings.configFile }, settings.configFile === undefined ? 'no config file: using defaults and flags' : `config: ${settings.configFile}`);
  for (const note of settings.notes) log.info(note);

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
  let running: ReturnType<typeof createMarketFeeds>;
  try {
    running = createMarketFeeds(markets, {
      onEvent: (event) => {
        history.record(event);
        eventLog.handle(event);
        changes.onEvent(event);
      },
      onUpdate: (view, update) => {
        metrics?.observeUpdate(view, update);
        changes.onUpdate(view, update);
      },
    });
  } catch (error) {
    // A venue whose connector refuses its options (or is not built yet): the simulators must not keep the process up.
    await demo?.close();
    throw error;
  }
  try {
    // Symbols are checked against the exchange's list (demo and simulators included) before anything streams.
    const key = flags.pairs !== undefined ? '--pairs' : settings.configFile !== undefined ? `${settings.configFile}: symbols` : 'symbols';
    await checkListedSymbols(
      running.map((r) => ({
        market: r.settings.market,
        symbols: r.settings.symbols,
        connector: r.connector,
        limiter: r.feed.limiter,
        spell: listedSpelling(r.settings.market),
      })),
      log,
      { key },
    );
  } catch (error) {
    await Promise.allSettled([...running.map((r) => r.connector.close()), demo?.close()]);
    throw error;
  }
  const sources: MarketSource[] = running.map((r) => r.feed);
  metrics = createMetrics(sources);
  const depthOf = (market: string): number => markets.find((m) => m.market === market)?.depth ?? 10;

  let app: FastifyInstance | undefined;
  if (settings.http !== undefined) {
    app = await createHttpApp({
      sources,
      registry: metrics.registry,
      changes,
      limits: settings.apiLimits.http,
      streamLimits: settings.apiLimits.stream,
      ...(demo === undefined ? {} : { truth: demo.truth }),
    });
    if (!isLoopback(settings.http.host)) {
      log.warn(`the HTTP API listens on ${settings.http.host}: anyone who can reach this address can read it`);
    }
    try {
      const url = await listenHttp(app, settings.http);
      log.info({ event: 'http-listening', url }, `HTTP API listening on ${url} (GET /books, /books/:venue/:symbol, /stream, /metrics, /health)`);
    } catch (error) {
      await demo?.close();
      const code = (error as NodeJS.ErrnoException).code;
      // Any system refusal (in use, not ours, no such host, no permission) is the user's address: one line, exit 2.
      if (typeof code === 'string') {
        const { host, port } = settings.http;
        throw new ConfigError('invalid-value', `--http: cannot listen on ${host}:${port} (${code}: ${(error as Error).message.split('\n')[0]})`, { key: '--http' });
      }
      throw error;
    }
  }

  for (const { settings: m, feed } of running) {
    const { wsUrl } = endpointsOf(m);
    const snapshots = m.snapshotLimit === undefined ? 'snapshots in the stream' : `snapshots of ${m.snapshotLimit} levels`;
    log.info({ market: m.market, symbols: m.symbols, book: m.book, wsUrl }, `${m.market}: ${m.symbols.join(', ')} from ${wsUrl} (${m.book} book, ${snapshots})`);
    feed.start();
  }

  const demoNote = settings.demo === undefined ? '' : settings.demo.faultEveryTicks > 0 ? ' · demo (simulated exchange, random faults)' : ' · demo (simulated exchange)';
  const title = `lob ${io.version}${demoNote}`;
  const json = settings.json ? new JsonLinesWriter(sources, depthOf, io.stdout) : undefined;
  const lines = !settings.json && !useTerminalView ? new LineView(sources, io.stdout) : undefined;
  if (useTerminalView) {
    view = new TerminalView({ sources, depthOf, title, stdout: io.stdout, stderr: io.stderr, color: wantsColor(io.stdout, io.env), history });
  }
  json?.start();
  lines?.start();
  view?.start();

  const stop = installShutdown({
    close: async (why) => {
      log.info(`stopping (${why})`);
      view?.stop();
      view = undefined;
      json?.stop();
      lines?.stop();
      for (const r of running) r.feed.stop();
      await Promise.allSettled([app?.close(), ...running.map((r) => r.connector.close()), demo?.close()]);
      log.info('stopped');
    },
    onSlow: () => log.warn('shutdown took too long; exiting anyway'),
  });
  // `lob serve --json | head` closes stdout: that is the end of the job, not a crash.
  io.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') stop('stdout closed');
    else log.error({ err: error }, 'cannot write to stdout');
  });
  process.on('uncaughtException', (error) => fatal(log, view, error));
  process.on('unhandledRejection', (error) => fatal(log, view, error));
}

function fatal(log: Logger, view: TerminalView | undefined, error: unknown): never {
  view?.stop();
  log.fatal({ err: error }, `lob stopped on an unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
