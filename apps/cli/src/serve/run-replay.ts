import type { ListenAddress } from '../config/listen-address.js';
import type { LogLevel } from '../config/schema.js';
import type { ViewLayout } from '../view/view-layout.js';
import { resolveApiLimits } from '../config/api-limits.js';
import { invocationDir, type ServeSettings } from '../config/settings.js';
import { planReplay, type ReplayFlags } from './replay-plan.js';
import { keepServing, startServe, type ServeIO, type ServeObservers, type StartedServe } from './run-serve.js';

/** `lob replay` as Commander hands it over: the files and the flags. */
export interface ReplayCommand extends ReplayFlags {
  readonly files: readonly string[];
  readonly json?: boolean;
  readonly http?: ListenAddress;
  readonly logLevel?: LogLevel;
  readonly view?: ViewLayout;
}

/**
 * Starts a replay: reads the recordings, then runs them through the same feeds and outputs as `lob serve`, each venue's
 * connector decoding its recorded frames. Rejects with ConfigError (exit 2) on a file it cannot use.
 */
export async function startReplay(command: ReplayCommand, io: ServeIO, observers?: ServeObservers): Promise<StartedServe> {
  const { markets, plan } = await planReplay(command.files, command, invocationDir(io.env, io.cwd));
  const settings: ServeSettings = {
    markets,
    json: command.json === true,
    ...(command.http === undefined ? {} : { http: command.http }),
    logLevel: command.logLevel ?? 'info',
    view: command.view ?? 'panels',
    apiLimits: resolveApiLimits({}, undefined),
    notes: [],
    // A replay drives its connectors from one timeline per venue in this thread.
    workers: 1,
  };
  return startServe(settings, io, { replay: plan, ...(observers === undefined ? {} : { observers }) });
}

/** `lob replay`: replays the recordings, logs "replay finished" and exits 0; with `--http` it serves on until a signal. */
export async function runReplay(command: ReplayCommand, io: ServeIO): Promise<void> {
  const started = await startReplay(command, io);
  const stop = keepServing(started, io);
  const summaries = await started.replayed!;
  const delivered = summaries.reduce((n, s) => n + s.delivered, 0);
  const skipped = summaries.reduce((n, s) => n + s.skipped, 0);
  started.log.info({ event: 'replay-finished', delivered, skipped }, `replay finished: ${delivered} frames and snapshots replayed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
  if (command.http === undefined) stop('replay finished');
}
