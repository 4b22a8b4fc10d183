import { ConfigError } from '@lob/core';
import { BusError } from '@lob/nats-consumer';
import type { FastifyInstance } from 'fastify';
import type { ApiLimitFlags } from '../config/api-limits.js';
import type { ListenAddress } from '../config/listen-address.js';
import type { NatsServers } from '../config/nats-servers.js';
import type { LogLevel } from '../config/schema.js';
import { invocationDir, loadSettings, type ServeFlags } from '../config/settings.js';
import { BookHistory } from '../feeds/book-history.js';
import type { Market } from '../config/markets.js';
import { BookChanges } from '../http/book-changes.js';
import { createMetrics } from '../metrics/metrics.js';
import { keepServing, type Serving } from '../serve/run-serve.js';
import type { ServeIO } from '../serve/serve-io.js';
import { createServeLog } from '../serve/serve-log.js';
import { startHttpApi, startViews } from '../serve/serve-outputs.js';
import type { ViewLayout } from '../view/view-layout.js';
import { BusMarketSource } from './bus-market-source.js';

/** `lob mirror` as Commander hands it over. */
export interface MirrorFlags extends ApiLimitFlags {
  /** The NATS servers lob instances publish to. */
  readonly from: NatsServers;
  readonly config?: string;
  readonly pairs?: string[];
  readonly market?: Market;
  readonly depth?: number;
  readonly json?: boolean;
  readonly http?: ListenAddress;
  readonly logLevel?: LogLevel;
  readonly view?: ViewLayout;
}

/**
 * Starts `lob mirror`: exact copies of the books lob instances publish to NATS (the venues and symbols as `lob serve`
 * would choose them; every book of the venue on the bus when neither `--pairs` nor a config names symbols), served
 * by the same HTTP/WebSocket API, views and JSON lines as `lob serve`.
 */
export async function startMirror(flags: MirrorFlags, io: ServeIO): Promise<Serving> {
  const settings = await loadSettings(flags as ServeFlags, invocationDir(io.env, io.cwd));
  const serveLog = createServeLog(settings, io);
  const { log } = serveLog;
  const everyBook = flags.pairs === undefined && settings.configFile === undefined;
  const history = new BookHistory();
  const changes = new BookChanges();
  const hooks = {
    onEvent: (event: Parameters<BookChanges['onEvent']>[0]) => {
      history.record(event);
      changes.onEvent(event);
    },
    onUpdate: (view: Parameters<BookChanges['onUpdate']>[0], update: Parameters<BookChanges['onUpdate']>[1]) => changes.onUpdate(view, update),
  };
  const sources: BusMarketSource[] = [];
  try {
    for (const m of settings.markets) {
      sources.push(await BusMarketSource.open(flags.from, m.exchange, m.market, everyBook ? undefined : m.symbols, hooks));
      log.info({ event: 'mirroring', market: m.market, from: flags.from }, `${m.market}: ${everyBook ? 'every book' : m.symbols.join(', ')} from NATS at ${flags.from.join(', ')}`);
    }
  } catch (error) {
    await Promise.allSettled(sources.map((s) => s.close()));
    if (error instanceof BusError) throw new ConfigError('invalid-value', `--from: ${error.message}`, { key: '--from' });
    throw error;
  }
  const metrics = createMetrics(sources);
  let app: FastifyInstance | undefined;
  try {
    app = await startHttpApi({ settings, sources, changes, metrics, log });
  } catch (error) {
    await Promise.allSettled(sources.map((s) => s.close()));
    throw error;
  }
  const views = startViews({ settings, sources, history, io, serveLog, title: `lob ${io.version} · mirror of ${flags.from.join(', ')}` });
  let closing: Promise<void> | undefined;
  return {
    log,
    close: (why) =>
      (closing ??= (async () => {
        log.info(`stopping (${why})`);
        views.stop();
        await Promise.allSettled([app?.close(), ...sources.map((s) => s.close())]);
        log.info('stopped');
      })()),
    stopView: views.stopView,
    ...(views.onViewKey === undefined ? {} : { onViewKey: views.onViewKey }),
  };
}

/** `lob mirror`: runs until a signal. */
export async function runMirror(flags: MirrorFlags, io: ServeIO): Promise<void> {
  keepServing(await startMirror(flags, io), io);
}
