import { parseNatsServers, type NatsServers } from './nats-servers.js';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '@lob/core';
import { resolveApiLimits, type ApiLimitFlags, type ApiLimits } from './api-limits.js';
import { parseListenAddress, type ListenAddress } from './listen-address.js';
import { readConfigFile } from './load-config.js';
import { formatKeyPath, indexTomlPositions } from './toml-locations.js';
import { venueOf } from '../venues/registry.js';
import type { VenueEntry } from '../venues/venue.js';
import { checkEndpointUrl, type BookKind, type Market } from './markets.js';
import { exchangeVenue, optionProblem, type ExchangeConfig, type LobConfig, type LogLevel } from './schema.js';
import { quoteValue } from './quote-value.js';
import type { ViewLayout } from '../view/view-layout.js';
import { applyShard } from './shard-settings.js';
import type { ShardSpec } from './shard-spec.js';

/** The `lob serve` options as Commander hands them over (already checked for format by the option parsers). */
export interface ServeFlags extends ApiLimitFlags {
  readonly config?: string;
  readonly pairs?: string[];
  /** A venue's name (the option parser turns aliases into names). */
  readonly market?: Market;
  readonly book?: BookKind;
  readonly depth?: number;
  readonly snapshotLimit?: number;
  readonly minExactDepth?: number;
  /** OKX's order-book channel. */
  readonly channel?: string;
  /** The subscribed book depth per side (Kraken; Bybit's `orderbook.{depth}`). */
  readonly bookDepth?: number;
  readonly restUrl?: string;
  readonly wsUrl?: string;
  readonly demo?: boolean;
  readonly json?: boolean;
  readonly http?: ListenAddress;
  readonly logLevel?: LogLevel;
  /** The terminal view's layout to start with. */
  readonly view?: ViewLayout;
  /** Share the symbols with other instances: `auto` (leases in NATS) or `i/n` (config/shard-spec.ts). */
  readonly shard?: ShardSpec;
  /** Hidden, for tests and the benchmark: the shard leases' time to live in ms (failover within 1.25 × this). */
  readonly shardTtlMs?: number;
  /** Hidden, for tests and demos: inject a random fault every N simulator ticks (0 = never). */
  readonly demoFaultEvery?: number;
  /** Hidden: the simulator's seed. */
  readonly demoSeed?: number;
  /** Record every raw frame and snapshot into this directory (`lob replay` reads it back). */
  readonly record?: string;
  /** Worker threads the venues' symbols are spread over (1: none, everything on the main thread). */
  readonly workers?: number;
  /** Publish every book to NATS JetStream at these servers. */
  readonly publish?: NatsServers;
}

/** One venue to keep books for, with everything settled. */
export interface MarketSettings {
  /** The exchange, e.g. "binance". */
  readonly exchange: string;
  /** The venue's name ("binance-spot", "okx", "kraken", "bybit-linear"): what outputs, paths, logs and metrics name. */
  readonly market: Market;
  /** The venue's spelling, no duplicates, in the order given. */
  readonly symbols: readonly string[];
  readonly book: BookKind;
  /** Levels the terminal and line views show per side. */
  readonly depth: number;
  /** Levels per side asked of a REST snapshot; only where the venue's snapshots come over REST. */
  readonly snapshotLimit?: number;
  /** Top levels per side kept exact by background refreshes (default: half the snapshot limit; 0: never refresh). */
  readonly minExactDepth?: number;
  readonly speed?: string;
  readonly channel?: string;
  readonly bookDepth?: number;
  /** Endpoint overrides; undefined means the venue's live endpoints. */
  readonly restUrl?: string;
  readonly wsUrl?: string;
}

/** Where a config value was written: the file, its key path (`exchanges[0].symbols[1]`) and line when found. */
export interface ConfigPlace {
  readonly file: string;
  readonly key: string;
  readonly line?: number;
  readonly column?: number;
}

/** Everything `lob serve` runs with: config.toml and flags merged, flags winning. */
export interface ServeSettings {
  /** The config file that was read, if any. */
  readonly configFile?: string;
  /** Where each market's symbols were written in the config file, by market and symbol (venue spelling). */
  readonly symbolPlaces?: Readonly<Record<string, Readonly<Record<string, ConfigPlace>>>>;
  readonly markets: readonly MarketSettings[];
  readonly json: boolean;
  readonly http?: ListenAddress;
  /** The API's bounds set by flags or config (the rest stay the documented defaults). */
  readonly apiLimits: ApiLimits;
  readonly logLevel: LogLevel;
  /** How this instance shares symbols with others; absent: it keeps them all. `i/n` has already filtered `markets`. */
  readonly shard?: ShardSpec;
  /** The shard leases' time to live in ms (`--shard auto`); absent: the default (12 s). */
  readonly shardTtlMs?: number;
  /** The terminal view's layout to start with (a key cycles through the others). */
  readonly view: ViewLayout;
  /** Set in demo mode: run a simulator per venue instead of connecting to the exchanges. */
  readonly demo?: { readonly faultEveryTicks: number; readonly seed: number };
  /** Things worth telling the user once logging is up (e.g. an endpoint path that was dropped). */
  readonly notes: readonly string[];
  /** The directory every raw frame and snapshot is recorded into, resolved (flag: from the invocation dir; config: from its file's). */
  readonly record?: string;
  /** Worker threads keeping the books (1: none, the feeds run on the main thread). */
  readonly workers: number;
  /** NATS servers every book's diff stream and snapshots are published to (JetStream). */
  readonly publish?: NatsServers;
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
  const loaded = file === undefined ? undefined : await readConfigFile(file);
  const config = loaded?.config;
  const settings = resolveSettings(flags, config, file, loaded?.source);
  const record = flags.record !== undefined ? path.resolve(baseDir, flags.record) : config?.record === undefined ? undefined : path.resolve(path.dirname(file as string), config.record);
  return record === undefined ? settings : { ...settings, record };
}

/** Flags that apply only to some venues: the flag, the config key it overrides, and its value. */
const VENUE_FLAGS = [
  ['--snapshot-limit', 'snapshot_limit', 'snapshotLimit'],
  ['--min-exact-depth', 'min_exact_depth', 'minExactDepth'],
  ['--channel', 'channel', 'channel'],
  ['--book-depth', 'book_depth', 'bookDepth'],
] as const;

/**
 * Merges flags over a validated config (or over the built-in defaults when there is none); with the config's text,
 * it notes where each configured symbol was written, so a later check can name the line.
 */
export function resolveSettings(flags: ServeFlags, config: LobConfig | undefined, configFile?: string, source?: string): ServeSettings {
  const notes: string[] = [];
  const symbolPlaces: Record<string, Record<string, ConfigPlace>> = {};
  const exchanges = config?.exchanges ?? [];
  const fileKey = configFile === undefined ? {} : { file: configFile };
  let chosen: { venue: VenueEntry; table: ExchangeConfig | undefined; symbols: readonly string[] | undefined }[];
  if (flags.market !== undefined || flags.pairs !== undefined) {
    // --market / --pairs select one venue: the named one, else the first configured, else binance-spot.
    const venue = flags.market !== undefined ? venueOf(flags.market) : exchanges[0] === undefined ? venueOf('binance-spot') : exchangeVenue(exchanges[0]);
    const table = exchanges.find((e) => exchangeVenue(e) === venue);
    chosen = [{ venue, table, symbols: flags.pairs }];
  } else if (exchanges.length > 0) {
    chosen = exchanges.map((table) => ({ venue: exchangeVenue(table), table, symbols: undefined }));
  } else {
    chosen = [{ venue: venueOf('binance-spot'), table: undefined, symbols: undefined }];
  }

  if (chosen.length > 1 && (flags.restUrl !== undefined || flags.wsUrl !== undefined)) {
    throw new ConfigError('invalid-value', '--rest-url and --ws-url point at one venue; choose it with --market', {
      key: flags.restUrl !== undefined ? '--rest-url' : '--ws-url',
    });
  }
  if (flags.demo === true && (flags.restUrl !== undefined || flags.wsUrl !== undefined)) {
    throw new ConfigError('invalid-value', '--demo runs its own simulator: leave out --rest-url and --ws-url', {
      key: flags.restUrl !== undefined ? '--rest-url' : '--ws-url',
    });
  }
  // A venue-only flag must fit at least one chosen venue; venues it does not fit ignore it.
  for (const [flag, option, field] of VENUE_FLAGS) {
    if (flags[field] === undefined) continue;
    const problems = chosen.map(({ venue }) => optionProblem(venue, option));
    if (problems.every((p) => p !== undefined)) throw new ConfigError('invalid-value', `${flag}: ${problems.join('; ')}`, { key: flag });
  }

  const markets = chosen.map(({ venue, table, symbols }): MarketSettings => {
    const fromFlags = symbols !== undefined;
    const raw = symbols ?? table?.symbols ?? venue.defaultSymbols;
    const normalized: string[] = [];
    for (const s of raw) {
      const spelled = venue.spell(s);
      if ('error' in spelled) {
        // Config symbols were checked by the schema already; only flags can get here.
        throw new ConfigError('invalid-value', `--pairs: ${spelled.error}`, { key: '--pairs' });
      }
      if (!normalized.includes(spelled.symbol)) normalized.push(spelled.symbol);
    }
    if (normalized.length === 0) throw new ConfigError('invalid-value', '--pairs: name at least one symbol', { key: '--pairs' });
    if (!fromFlags && table?.symbols !== undefined && configFile !== undefined) symbolPlaces[venue.name] = placesOf(venue, table, exchanges.indexOf(table), configFile, source);
    if (fromFlags && normalized.length < raw.length) notes.push(`duplicate symbols in --pairs were ignored`);

    let restUrl = flags.restUrl ?? table?.rest_endpoint;
    let wsUrl = flags.wsUrl ?? table?.ws_endpoint;
    if (flags.demo === true) {
      if (restUrl !== undefined || wsUrl !== undefined) notes.push(`--demo: the ${venue.name} endpoints in ${configFile ?? 'the config'} are not used`);
      restUrl = wsUrl = undefined;
    }
    restUrl = restUrl === undefined ? undefined : endpointUrl(venue, restUrl, flags.restUrl !== undefined ? '--rest-url' : 'rest_endpoint', 'rest', notes);
    wsUrl = wsUrl === undefined ? undefined : endpointUrl(venue, wsUrl, flags.wsUrl !== undefined ? '--ws-url' : 'ws_endpoint', 'ws', notes);

    const channel = venue.options.channels === undefined ? undefined : (flags.channel ?? table?.channel);
    if (channel !== undefined && !venue.options.channels?.values.includes(channel)) {
      throw new ConfigError('invalid-value', `--channel: ${venue.name} channels are ${venue.options.channels?.values.join(', ')}, got ${quoteValue(channel)}`, {
        key: '--channel',
      });
    }
    const bookDepth = venue.options.bookDepths === undefined ? undefined : (flags.bookDepth ?? table?.book_depth);
    if (bookDepth !== undefined && !venue.options.bookDepths?.values.includes(bookDepth)) {
      throw new ConfigError('invalid-value', `--book-depth: ${venue.name} subscribes to ${venue.options.bookDepths?.values.join(', ')} levels per side, got ${bookDepth}`, {
        key: '--book-depth',
      });
    }

    return {
      exchange: venue.exchange,
      market: venue.name,
      symbols: normalized,
      book: flags.book ?? table?.book ?? config?.book ?? venue.defaultBook,
      depth: flags.depth ?? table?.depth ?? config?.depth ?? DEFAULT_VIEW_DEPTH,
      ...restSnapshotSettings(venue, flags, table, config, fileKey),
      ...(table?.speed === undefined ? {} : { speed: table.speed }),
      ...(channel === undefined ? {} : { channel }),
      ...(bookDepth === undefined ? {} : { bookDepth }),
      ...(restUrl === undefined ? {} : { restUrl }),
      ...(wsUrl === undefined ? {} : { wsUrl }),
    };
  });

  const publishText = config?.publish;
  const publish = flags.publish ?? (publishText === undefined ? undefined : (parseNatsServers(publishText) as { servers: NatsServers }).servers);
  const httpText = config?.http;
  const http = flags.http ?? (httpText === undefined ? undefined : (parseListenAddress(httpText) as ListenAddress));
  return applyShard(flags, config, configFile, {
    ...(configFile === undefined ? {} : { configFile }),
    ...(Object.keys(symbolPlaces).length === 0 ? {} : { symbolPlaces }),
    markets,
    json: flags.json === true,
    ...(http === undefined ? {} : { http }),
    ...(publish === undefined ? {} : { publish }),
    apiLimits: resolveApiLimits(flags, config, configFile),
    logLevel: flags.logLevel ?? config?.log_level ?? 'info',
    view: flags.view ?? config?.view ?? 'panels',
    workers: flags.workers ?? config?.workers ?? 1,
    ...(flags.demo === true
      ? { demo: { faultEveryTicks: flags.demoFaultEvery ?? DEFAULT_DEMO_FAULT_EVERY, seed: flags.demoSeed ?? Date.now() % 1_000_000 } }
      : {}),
    notes,
  });
}

/** The snapshot limit and exact-depth floor of a venue whose snapshots come over REST; nothing for the others. */
function restSnapshotSettings(
  venue: VenueEntry,
  flags: ServeFlags,
  table: ExchangeConfig | undefined,
  config: LobConfig | undefined,
  fileKey: { file?: string },
): Pick<MarketSettings, 'snapshotLimit' | 'minExactDepth'> {
  const rest = venue.options.restSnapshots;
  if (rest === undefined) return {};
  const snapshotLimit = flags.snapshotLimit ?? table?.snapshot_limit ?? config?.snapshot_limit ?? rest.defaultLimit;
  const problem = rest.check(snapshotLimit);
  if (problem !== undefined) {
    const key = flags.snapshotLimit !== undefined ? '--snapshot-limit' : 'snapshot_limit';
    throw new ConfigError('invalid-value', `${key}: ${problem}`, { key, ...fileKey });
  }
  const minExactDepth = flags.minExactDepth ?? table?.min_exact_depth ?? config?.min_exact_depth;
  if (minExactDepth !== undefined && minExactDepth > snapshotLimit) {
    const key = flags.minExactDepth !== undefined ? '--min-exact-depth' : 'min_exact_depth';
    throw new ConfigError('invalid-value', `${key}: ${minExactDepth} is more than the ${snapshotLimit} levels a snapshot asks for`, { key, ...fileKey });
  }
  return { snapshotLimit, ...(minExactDepth === undefined ? {} : { minExactDepth }) };
}

/**
 * Checks an endpoint override for its venue. Binance's are reduced to scheme, host and port, because the connector
 * appends each market's own paths (the original Rust builder's endpoints carry paths, ".../ws", ".../api/v3": those
 * are dropped with a note); OKX's, Kraken's and Bybit's are used whole (Kraken's path picks its protocol, Bybit's
 * its category).
 */
function endpointUrl(venue: VenueEntry, value: string, key: string, kind: 'rest' | 'ws', notes: string[]): string {
  const checked = checkEndpointUrl(value, kind);
  if ('error' in checked) throw new ConfigError('invalid-value', `${key}: ${checked.error}`, { key });
  const problem = venue.checkUrl?.(kind, value);
  if (problem !== undefined) throw new ConfigError('invalid-value', `${key}: ${problem}`, { key });
  const { url } = checked;
  if (venue.endpointUrls === 'as-given') return value.replace(/\/+$/, '');
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

/** Where each symbol of an `[[exchanges]]` table was written, by its venue spelling (the first place when repeated). */
function placesOf(venue: VenueEntry, table: ExchangeConfig, index: number, file: string, source: string | undefined): Record<string, ConfigPlace> {
  const places: Record<string, ConfigPlace> = {};
  // Indexed once: a table may list a whole venue's symbols.
  const positions = source === undefined ? undefined : indexTomlPositions(source);
  (table.symbols ?? []).forEach((raw, j) => {
    const spelled = venue.spell(raw);
    if ('error' in spelled || places[spelled.symbol] !== undefined) return;
    const key = formatKeyPath(['exchanges', index, 'symbols', j]);
    const at = positions?.get(key);
    places[spelled.symbol] = { file, key, ...(at === undefined ? {} : { line: at.line, column: at.column }) };
  });
  return places;
}
