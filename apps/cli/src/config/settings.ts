import { access } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '@lob/core';
import { parseListenAddress, type ListenAddress } from './listen-address.js';
import { loadConfigFile } from './load-config.js';
import {
  DEFAULT_BOOK,
  DEFAULT_SNAPSHOT_LIMIT,
  DEFAULT_SYMBOLS,
  checkEndpointUrl,
  checkSnapshotLimit,
  checkSymbol,
  type BookKind,
  type Market,
} from './markets.js';
import { exchangeMarket, type ExchangeConfig, type LobConfig, type LogLevel } from './schema.js';

/** The `lob serve` options as Commander hands them over (already checked for format by the option parsers). */
export interface ServeFlags {
  readonly config?: string;
  readonly pairs?: string[];
  readonly market?: Market;
  readonly book?: BookKind;
  readonly depth?: number;
  readonly snapshotLimit?: number;
  readonly minExactDepth?: number;
  readonly restUrl?: string;
  readonly wsUrl?: string;
  readonly demo?: boolean;
  readonly json?: boolean;
  readonly http?: ListenAddress;
  readonly logLevel?: LogLevel;
  /** Hidden, for tests and demos: inject a random fault every N simulator ticks (0 = never). */
  readonly demoFaultEvery?: number;
  /** Hidden: the simulator's seed. */
  readonly demoSeed?: number;
}

/** One market to keep books for, with everything settled. */
export interface MarketSettings {
  readonly exchange: 'binance';
  readonly market: Market;
  /** Exchange spelling (uppercase), no duplicates, in the order given. */
  readonly symbols: readonly string[];
  readonly book: BookKind;
  /** Levels the terminal and line views show per side. */
  readonly depth: number;
  readonly snapshotLimit: number;
  /** Top levels per side kept exact by background refreshes (default: half the snapshot limit; 0: never refresh). */
  readonly minExactDepth?: number;
  readonly speed?: string;
  /** Base URLs (scheme, host, port); undefined means Binance's live endpoints. */
  readonly restUrl?: string;
  readonly wsUrl?: string;
}

/** Everything `lob serve` runs with: config.toml and flags merged, flags winning. */
export interface ServeSettings {
  /** The config file that was read, if any. */
  readonly configFile?: string;
  readonly markets: readonly MarketSettings[];
  readonly json: boolean;
  readonly http?: ListenAddress;
  readonly logLevel: LogLevel;
  /** Set in demo mode: run a simulator per market instead of connecting to Binance. */
  readonly demo?: { readonly faultEveryTicks: number; readonly seed: number };
  /** Things worth telling the user once logging is up (e.g. an endpoint path that was dropped). */
  readonly notes: readonly string[];
}

/** Levels shown per side when neither flag nor config say. */
export const DEFAULT_VIEW_DEPTH = 10;
/** Random fault cadence in demo mode: one fault every 50 ticks of 100 ms, so resyncs are seen and heal. */
export const DEFAULT_DEMO_FAULT_EVERY = 50;

/**
 * The directory a relative `--config` is resolved against: the one the user ran the command from. Under Nx the
 * script runs in apps/cli, and Nx runs from the workspace root; under npm, INIT_CWD is where npm was invoked.
 */
export function invocationDir(env: NodeJS.ProcessEnv, cwd: string): string {
  if (env.npm_lifecycle_event === 'serve' && env.NX_WORKSPACE_ROOT) return env.NX_WORKSPACE_ROOT;
  return env.INIT_CWD || cwd;
}

/** Reads config.toml (the named one, or ./config.toml when it exists) and merges the flags over it. */
export async function loadSettings(flags: ServeFlags, baseDir: string): Promise<ServeSettings> {
  let file: string | undefined;
  if (flags.config !== undefined) {
    file = path.resolve(baseDir, flags.config);
  } else {
    const candidate = path.resolve(baseDir, 'config.toml');
    if (await exists(candidate)) file = candidate;
  }
  const config = file === undefined ? undefined : await loadConfigFile(file);
  return resolveSettings(flags, config, file);
}

/** Merges flags over a validated config (or over the built-in defaults when there is none). */
export function resolveSettings(flags: ServeFlags, config: LobConfig | undefined, configFile?: string): ServeSettings {
  const notes: string[] = [];
  const exchanges = config?.exchanges ?? [];
  let chosen: { market: Market; table: ExchangeConfig | undefined; symbols: readonly string[] | undefined }[];
  if (flags.market !== undefined || flags.pairs !== undefined) {
    // --market / --pairs select one market: the named one, else the first configured, else spot.
    const market = flags.market ?? (exchanges[0] === undefined ? 'spot' : exchangeMarket(exchanges[0]));
    const table = exchanges.find((e) => exchangeMarket(e) === market);
    chosen = [{ market, table, symbols: flags.pairs }];
  } else if (exchanges.length > 0) {
    chosen = exchanges.map((table) => ({ market: exchangeMarket(table), table, symbols: undefined }));
  } else {
    chosen = [{ market: 'spot', table: undefined, symbols: undefined }];
  }

  if (chosen.length > 1 && (flags.restUrl !== undefined || flags.wsUrl !== undefined)) {
    throw new ConfigError('invalid-value', '--rest-url and --ws-url point at one market; choose it with --market', {
      key: flags.restUrl !== undefined ? '--rest-url' : '--ws-url',
    });
  }
  if (flags.demo === true && (flags.restUrl !== undefined || flags.wsUrl !== undefined)) {
    throw new ConfigError('invalid-value', '--demo runs its own simulator: leave out --rest-url and --ws-url', {
      key: flags.restUrl !== undefined ? '--rest-url' : '--ws-url',
    });
  }

  const markets = chosen.map(({ market, table, symbols }): MarketSettings => {
    const fromFlags = symbols !== undefined;
    const raw = symbols ?? table?.symbols ?? DEFAULT_SYMBOLS[market];
    const normalized: string[] = [];
    for (const s of raw) {
      const checked = checkSymbol(market, s);
      if ('error' in checked) {
        // Config symbols were checked by the schema already; only flags can get here.
        throw new ConfigError('invalid-value', `--pairs: ${checked.error}`, { key: '--pairs' });
      }
      if (!normalized.includes(checked.symbol)) normalized.push(checked.symbol);
    }
    if (normalized.length === 0) throw new ConfigError('invalid-value', '--pairs: name at least one symbol', { key: '--pairs' });
    if (fromFlags && normalized.length < raw.length) notes.push(`duplicate symbols in --pairs were ignored`);

    const snapshotLimit = flags.snapshotLimit ?? table?.snapshot_limit ?? config?.snapshot_limit ?? DEFAULT_SNAPSHOT_LIMIT[market];
    const problem = checkSnapshotLimit(market, snapshotLimit);
    if (problem !== undefined) {
      throw new ConfigError('invalid-value', `${flags.snapshotLimit !== undefined ? '--snapshot-limit' : 'snapshot_limit'}: ${problem}`, {
        key: flags.snapshotLimit !== undefined ? '--snapshot-limit' : 'snapshot_limit',
        ...(configFile === undefined ? {} : { file: configFile }),
      });
    }

    const minExactDepth = flags.minExactDepth ?? table?.min_exact_depth ?? config?.min_exact_depth;
    if (minExactDepth !== undefined && minExactDepth > snapshotLimit) {
      const key = flags.minExactDepth !== undefined ? '--min-exact-depth' : 'min_exact_depth';
      throw new ConfigError('invalid-value', `${key}: ${minExactDepth} is more than the ${snapshotLimit} levels a snapshot asks for`, {
        key,
        ...(configFile === undefined ? {} : { file: configFile }),
      });
    }

    let restUrl = flags.restUrl ?? table?.rest_endpoint;
    let wsUrl = flags.wsUrl ?? table?.ws_endpoint;
    if (flags.demo === true) {
      if (restUrl !== undefined || wsUrl !== undefined) notes.push(`--demo: the ${market} endpoints in ${configFile ?? 'the config'} are not used`);
      restUrl = wsUrl = undefined;
    }
    restUrl = restUrl === undefined ? undefined : baseUrl(restUrl, flags.restUrl !== undefined ? '--rest-url' : 'rest_endpoint', 'rest', notes);
    wsUrl = wsUrl === undefined ? undefined : baseUrl(wsUrl, flags.wsUrl !== undefined ? '--ws-url' : 'ws_endpoint', 'ws', notes);

    return {
      exchange: 'binance',
      market,
      symbols: normalized,
      book: flags.book ?? table?.book ?? config?.book ?? DEFAULT_BOOK,
      depth: flags.depth ?? table?.depth ?? config?.depth ?? DEFAULT_VIEW_DEPTH,
      snapshotLimit,
      ...(minExactDepth === undefined ? {} : { minExactDepth }),
      ...(table?.speed === undefined ? {} : { speed: table.speed }),
      ...(restUrl === undefined ? {} : { restUrl }),
      ...(wsUrl === undefined ? {} : { wsUrl }),
    };
  });

  const httpText = config?.http;
  const http = flags.http ?? (httpText === undefined ? undefined : (parseListenAddress(httpText) as ListenAddress));
  return {
    ...(configFile === undefined ? {} : { configFile }),
    markets,
    json: flags.json === true,
    ...(http === undefined ? {} : { http }),
    logLevel: flags.logLevel ?? config?.log_level ?? 'info',
    ...(flags.demo === true
      ? { demo: { faultEveryTicks: flags.demoFaultEvery ?? DEFAULT_DEMO_FAULT_EVERY, seed: flags.demoSeed ?? Date.now() % 1_000_000 } }
      : {}),
    notes,
  };
}

/**
 * Reduces an endpoint to scheme, host and port, because the connector appends each market's own paths. The
 * original Rust builder's endpoints carry paths (".../ws", ".../api/v3"): those are dropped with a note.
 */
function baseUrl(value: string, key: string, kind: 'rest' | 'ws', notes: string[]): string {
  const checked = checkEndpointUrl(value, kind);
  if ('error' in checked) throw new ConfigError('invalid-value', `${key}: ${checked.error}`, { key });
  const { url } = checked;
  if (url.pathname !== '/' || url.search !== '') notes.push(`${key}: using ${url.origin} (the connector adds each market's paths itself)`);
  return url.origin;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
