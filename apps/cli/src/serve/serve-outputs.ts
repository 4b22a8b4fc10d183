import { ConfigError } from '@lob/core';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { isLoopback } from '../config/listen-address.js';
import type { ServeSettings } from '../config/settings.js';
import type { BookHistory } from '../feeds/book-history.js';
import type { MarketSource } from '../feeds/market-source.js';
import type { BookChanges } from '../http/book-changes.js';
import type { TruthReader } from '../http/debug-routes.js';
import { createHttpApp, listenHttp } from '../http/server.js';
import { webPageRoot } from '../http/web-assets.js';
import { StartupProgressLog } from '../log/startup-progress-log.js';
import type { Metrics } from '../metrics/metrics.js';
import { JsonLinesWriter } from '../output/json-lines.js';
import type { ViewKey } from '../view/key-input.js';
import { LineView } from '../view/line-view.js';
import { TerminalView } from '../view/terminal-view.js';
import type { ServeIO } from './serve-io.js';
import { wantsColor, type ServeLog } from './serve-log.js';

/** What the HTTP API serves from. */
export interface HttpApiOptions {
  readonly settings: Pick<ServeSettings, 'http' | 'apiLimits'>;
  readonly sources: readonly MarketSource[];
  readonly changes: BookChanges;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly truth?: TruthReader;
}

/**
 * Starts the HTTP API when the settings ask for it; a system refusal to listen (in use, no such host, no
 * permission) is the user's address: ConfigError naming `--http`.
 */
export async function startHttpApi(options: HttpApiOptions): Promise<FastifyInstance | undefined> {
  const { settings, log } = options;
  if (settings.http === undefined) return undefined;
  const webRoot = await webPageRoot(log);
  const app = await createHttpApp({
    sources: [...options.sources],
    registry: options.metrics.registry,
    changes: options.changes,
    limits: settings.apiLimits.http,
    streamLimits: settings.apiLimits.stream,
    loadShedding: settings.apiLimits.shedding,
    ...(options.truth === undefined ? {} : { truth: options.truth }),
    ...(webRoot === undefined ? {} : { webRoot }),
  });
  if (!isLoopback(settings.http.host)) {
    log.warn(`the HTTP API listens on ${settings.http.host}: anyone who can reach this address can read it`);
  }
  try {
    const url = await listenHttp(app, settings.http);
    log.info({ event: 'http-listening', url }, `HTTP API listening on ${url} (GET /books, /books/:venue/:symbol, /stream, /status, /metrics, /health; the depth page at ${url}/)`);
    return app;
  } catch (error) {
    await app.close().catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string') {
      const { host, port } = settings.http;
      throw new ConfigError('invalid-value', `--http: cannot listen on ${host}:${port} (${code}: ${(error as Error).message.split('\n')[0]})`, { key: '--http' });
    }
    throw error;
  }
}

/** What the views show and where. */
export interface ViewOptions {
  readonly settings: Pick<ServeSettings, 'json' | 'markets' | 'view'>;
  readonly sources: readonly MarketSource[];
  readonly history: BookHistory;
  readonly io: ServeIO;
  readonly serveLog: ServeLog;
  /** The terminal view's title line. */
  readonly title: string;
}

/** The running outputs: how to stop them, and the terminal view's keys. */
export interface RunningViews {
  stop(): void;
  /** Stops the terminal view only (before a fatal error is printed). */
  stopView(): void;
  readonly onViewKey?: (key: Exclude<ViewKey, 'quit'>) => void;
}

/** Starts the chosen output (terminal view on a terminal, JSON lines, or plain lines) and the start-up progress log. */
export function startViews(options: ViewOptions): RunningViews {
  const { settings, io, serveLog } = options;
  const sources = [...options.sources];
  const depthOf = (market: string): number => settings.markets.find((m) => m.market === market)?.depth ?? 10;
  const useTerminalView = !settings.json && io.stdout.isTTY === true;
  const json = settings.json ? new JsonLinesWriter(sources, depthOf, io.stdout) : undefined;
  const lines = !settings.json && !useTerminalView ? new LineView(sources, io.stdout) : undefined;
  let view = useTerminalView
    ? new TerminalView({ sources, depthOf, title: options.title, stdout: io.stdout, stderr: io.stderr, color: wantsColor(io.stdout, io.env), history: options.history, layout: settings.view })
    : undefined;
  serveLog.drawOn(view);
  json?.start();
  lines?.start();
  view?.start();
  const progressLog = new StartupProgressLog(sources, { info: (line) => serveLog.log.info(line) });
  progressLog.start();
  const stopView = (): void => {
    view?.stop();
    view = undefined;
    serveLog.drawOn(undefined);
  };
  return {
    stop: () => {
      progressLog.stop();
      stopView();
      json?.stop();
      lines?.stop();
    },
    stopView,
    ...(view === undefined ? {} : { onViewKey: (key: Exclude<ViewKey, 'quit'>) => view?.onKey(key) }),
  };
}
