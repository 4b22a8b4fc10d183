import { parseNatsServers } from './nats-servers.js';
import { z } from 'zod';
import { findVenue, venueOf, VENUES } from '../venues/registry.js';
import type { VenueEntry } from '../venues/venue.js';
import { API_LIMIT_KEYS, checkApiLimitKeys } from './api-limits.js';
import { closestMatches } from './did-you-mean.js';
import { parseListenAddress } from './listen-address.js';
import { BOOK_KINDS, MAX_SNAPSHOT_LIMIT, MAX_WORKERS, checkEndpointUrl, marketFromEndpoint } from './markets.js';
import { quoteValue } from './quote-value.js';
import { parseShardSpec } from './shard-spec.js';
import { VIEW_LAYOUTS } from '../view/view-layout.js';

/** Levels pino understands, plus `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The exchanges `[[exchanges]] name` may say. */
export const EXCHANGE_NAMES: readonly string[] = [...new Set(VENUES.map((v) => v.exchange))];

const depth = z.number().int().min(1).max(1000);
// The per-venue check (restSnapshots.check) comes after the venue is known; this is only the widest bound.
const snapshotLimit = z.number().int().min(1).max(MAX_SNAPSHOT_LIMIT);
const minExactDepth = z.number().int().min(0).max(MAX_SNAPSHOT_LIMIT);

function url(kind: 'rest' | 'ws') {
  return z.string().refine((value) => !('error' in checkEndpointUrl(value, kind)), {
    error: (issue) => {
      const checked = checkEndpointUrl(String(issue.input), kind);
      return 'error' in checked ? checked.error : 'invalid URL';
    },
  });
}

/** The keys of an `[[exchanges]]` table that say which venue it is. */
export interface VenueKeys {
  readonly name: string;
  readonly market?: string | undefined;
  readonly rest_endpoint?: string | undefined;
  readonly ws_endpoint?: string | undefined;
}

/** The venue an `[[exchanges]]` table means, or the key that is wrong and why. */
export type TableVenue = { readonly venue: VenueEntry } | { readonly key: 'name' | 'market'; readonly message: string };

/**
 * Which venue an `[[exchanges]]` table means: its `market` key (a venue name or alias, e.g. "okx", "binance-usdm",
 * "usdm"), else its exchange's only venue, else for Binance what its endpoints' hosts say, else spot. `name` may
 * also be a venue name itself.
 */
export function resolveTableVenue(table: VenueKeys): TableVenue {
  const named = EXCHANGE_NAMES.includes(table.name.toLowerCase()) ? undefined : findVenue(table.name);
  const exchange = named?.exchange ?? table.name.toLowerCase();
  const nameProblem = exchangeNameProblem(table.name);
  if (nameProblem !== undefined) return { key: 'name', message: nameProblem };
  if (table.market !== undefined) {
    const venue = findVenue(table.market);
    if (venue === undefined) return { key: 'market', message: marketProblem(table.market) as string };
    if (venue.exchange !== exchange || (named !== undefined && named !== venue)) {
      return { key: 'market', message: `${venue.name} is not a market of ${named?.name ?? exchange}` };
    }
    return { venue };
  }
  if (named !== undefined) return { venue: named };
  const venues = VENUES.filter((v) => v.exchange === exchange);
  if (venues.length === 1) return { venue: venues[0] as VenueEntry };
  const fromHost = marketFromEndpoint(table.rest_endpoint) ?? marketFromEndpoint(table.ws_endpoint);
  if (fromHost !== undefined) return { venue: venueOf(fromHost) };
  // The original Rust builder's tables say name = "binance" and mean spot; any other exchange with several
  // venues (Bybit's categories) has no such default, so the table must say which.
  if (exchange === 'binance') return { venue: venueOf('binance-spot') };
  const names = venues.map((v) => JSON.stringify(v.name)).join(', ');
  return { key: 'name', message: `${exchange} has several markets: say which with market = ${names} (or name the venue itself)` };
}

/** Why `[[exchanges]] name` names no exchange nor venue, or undefined when it does. */
function exchangeNameProblem(name: string): string | undefined {
  if (EXCHANGE_NAMES.includes(name.toLowerCase()) || findVenue(name) !== undefined) return undefined;
  const hint = closestMatches(name.toLowerCase(), [...EXCHANGE_NAMES, ...VENUES.map((v) => v.name)], 1)[0];
  const choices = EXCHANGE_NAMES.map((e) => JSON.stringify(e)).join(', ');
  return `expected one of ${choices} or a venue name, got ${quoteValue(name)}${hint === undefined ? '' : ` (did you mean "${hint}"?)`}`;
}

/** Why `[[exchanges]] market` names no venue, or undefined when it does. */
function marketProblem(market: string): string | undefined {
  if (findVenue(market) !== undefined) return undefined;
  const choices = VENUES.flatMap((v) => [v.name, ...v.aliases]).map((c) => JSON.stringify(c));
  return `expected one of ${choices.join(', ')}, got ${quoteValue(market)}`;
}

/** A string key checked on its own, so its problem is reported even when other keys of the table are wrong too. */
function checked(problem: (value: string) => string | undefined) {
  return z.string().refine((value) => problem(value) === undefined, { error: (issue) => problem(String(issue.input)) ?? 'invalid value' });
}

/** The venue of a table the schema has already validated. */
export function exchangeVenue(table: VenueKeys): VenueEntry {
  const resolved = resolveTableVenue(table);
  if (!('venue' in resolved)) throw new Error(`unvalidated [[exchanges]] table: ${resolved.message}`);
  return resolved.venue;
}

/** Why a venue does not take an option, or undefined when it does. */
export function optionProblem(venue: VenueEntry, option: 'snapshot_limit' | 'min_exact_depth' | 'speed' | 'channel' | 'book_depth'): string | undefined {
  const o = venue.options;
  switch (option) {
    case 'snapshot_limit':
    case 'min_exact_depth':
      return o.restSnapshots !== undefined ? undefined : `${venue.name} takes its snapshots from the stream and keeps its whole book exact: ${option} does not apply`;
    case 'speed':
      return o.speeds !== undefined ? undefined : `${venue.name} has no stream speeds to choose`;
    case 'channel':
      return o.channels !== undefined ? undefined : `${venue.name} has no order-book channels to choose (only ${venuesWith('channels')} do)`;
    case 'book_depth':
      return o.bookDepths !== undefined ? undefined : `${venue.name} has no book depth to subscribe to (only ${venuesWith('bookDepths')} do)`;
  }
}

function venuesWith(option: 'channels' | 'bookDepths'): string {
  return VENUES.filter((v) => v.options[option] !== undefined)
    .map((v) => v.name)
    .join(', ');
}

/**
 * One `[[exchanges]]` table. `name`, `symbols`, `ws_endpoint` and `rest_endpoint` are the original Rust builder's
 * keys, accepted as they are; the rest are lob's optional additions, some only for the venues that have them.
 */
const exchangeSchema = z
  .strictObject({
    name: checked(exchangeNameProblem),
    market: checked(marketProblem).optional(),
    symbols: z.array(z.string()).min(1, { error: 'must list at least one symbol' }),
    ws_endpoint: url('ws').optional(),
    rest_endpoint: url('rest').optional(),
    book: z.enum(BOOK_KINDS).optional(),
    depth: depth.optional(),
    snapshot_limit: snapshotLimit.optional(),
    min_exact_depth: minExactDepth.optional(),
    speed: z.string().optional(),
    channel: z.string().optional(),
    book_depth: z.number().int().optional(),
  })
  .superRefine((exchange, ctx) => {
    const resolved = resolveTableVenue(exchange);
    if (!('venue' in resolved)) {
      // An unknown name or market is reported by its own key's check; what is left is a market of another exchange.
      const reported = exchangeNameProblem(exchange.name) !== undefined || (exchange.market !== undefined && marketProblem(exchange.market) !== undefined);
      if (!reported) ctx.addIssue({ code: 'custom', path: [resolved.key], message: resolved.message });
      return;
    }
    const { venue } = resolved;
    const problem = (path: string, message: string): void => void ctx.addIssue({ code: 'custom', path: [path], message });
    exchange.symbols.forEach((raw, i) => {
      const spelled = venue.spell(raw);
      if ('error' in spelled) ctx.addIssue({ code: 'custom', path: ['symbols', i], message: spelled.error });
    });
    for (const option of ['snapshot_limit', 'min_exact_depth', 'speed', 'channel', 'book_depth'] as const) {
      const why = exchange[option] === undefined ? undefined : optionProblem(venue, option);
      if (why !== undefined) problem(option, why);
    }
    const rest = venue.options.restSnapshots;
    const limitProblem = exchange.snapshot_limit === undefined || rest === undefined ? undefined : rest.check(exchange.snapshot_limit);
    if (limitProblem !== undefined) problem('snapshot_limit', limitProblem);
    const speeds = venue.options.speeds;
    if (exchange.speed !== undefined && speeds !== undefined && !speeds.includes(exchange.speed)) {
      problem('speed', `${venue.name} streams come at ${speeds.map((s) => JSON.stringify(s)).join(' or ')}, got ${quoteValue(exchange.speed)}`);
    }
    const channels = venue.options.channels;
    if (exchange.channel !== undefined && channels !== undefined && !channels.values.includes(exchange.channel)) {
      problem('channel', `${venue.name} channels are ${channels.values.map((c) => JSON.stringify(c)).join(' or ')}, got ${quoteValue(exchange.channel)}`);
    }
    const depths = venue.options.bookDepths;
    if (exchange.book_depth !== undefined && depths !== undefined && !depths.values.includes(exchange.book_depth)) {
      problem('book_depth', `${venue.name} subscribes to ${depths.values.join(', ')} levels per side, got ${exchange.book_depth}`);
    }
    for (const [key, kind] of [['ws_endpoint', 'ws'], ['rest_endpoint', 'rest']] as const) {
      const value = exchange[key];
      const why = value === undefined ? undefined : venue.checkUrl?.(kind, value);
      if (why !== undefined) problem(key, why);
    }
  });

/** The whole config.toml. Top-level keys are defaults for every exchange table; flags override both. */
export const configSchema = z
  .strictObject({
    log_level: z.enum(LOG_LEVELS).optional(),
    // `auto` (leases in NATS: needs publish) or `i/n` (config/shard-spec.ts).
    shard: z
      .string()
      .refine((value) => !('error' in parseShardSpec(value)), {
        error: (issue) => {
          const parsed = parseShardSpec(String(issue.input));
          return 'error' in parsed ? parsed.error : 'invalid shard';
        },
      })
      .optional(),
    view: z.enum(VIEW_LAYOUTS).optional(),
    book: z.enum(BOOK_KINDS).optional(),
    depth: depth.optional(),
    snapshot_limit: snapshotLimit.optional(),
    min_exact_depth: minExactDepth.optional(),
    http: z
      .string()
      .refine((value) => !('error' in parseListenAddress(value)), {
        error: (issue) => {
          const parsed = parseListenAddress(String(issue.input));
          return 'error' in parsed ? parsed.error : 'invalid address';
        },
      })
      .optional(),
    record: z.string().min(1).optional(),
    workers: z.number().int().min(1).max(MAX_WORKERS).optional(),
    publish: z
      .string()
      .refine((value) => !('error' in parseNatsServers(value)), {
        error: (issue) => {
          const parsed = parseNatsServers(String(issue.input));
          return 'error' in parsed ? parsed.error : 'invalid NATS address';
        },
      })
      .optional(),
    // The HTTP API's and /stream's bounds (config/api-limits.ts).
    ...API_LIMIT_KEYS,
    exchanges: z.array(exchangeSchema).min(1, { error: 'must contain at least one [[exchanges]] table' }),
  })
  .superRefine((config, ctx) => {
    checkApiLimitKeys(config, (key, message) => ctx.addIssue({ code: 'custom', path: [key], message }));
    const seen = new Map<string, number>();
    config.exchanges.forEach((exchange, i) => {
      const resolved = resolveTableVenue(exchange);
      if (!('venue' in resolved)) return; // reported by the table's own check
      const { venue } = resolved;
      const first = seen.get(venue.name);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['exchanges', i, exchange.market === undefined ? 'name' : 'market'],
          message: `${venue.name} is already configured by exchanges[${first}]; list all its symbols in one [[exchanges]] table`,
        });
      } else {
        seen.set(venue.name, i);
      }
      // A top-level snapshot_limit is a default for the venues that take snapshots over REST; others ignore it.
      const rest = venue.options.restSnapshots;
      if (config.snapshot_limit !== undefined && exchange.snapshot_limit === undefined && rest !== undefined) {
        const problem = rest.check(config.snapshot_limit);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['snapshot_limit'], message: `${problem} (for exchanges[${i}])` });
      }
    });
  });

/** A validated config.toml. */
export type LobConfig = z.infer<typeof configSchema>;
/** One validated `[[exchanges]]` table. */
export type ExchangeConfig = LobConfig['exchanges'][number];

/** Every key the schema knows, per table, for "did you mean" hints. */
export const KNOWN_KEYS = {
  root: Object.keys(configSchema.shape),
  exchange: Object.keys(exchangeSchema.shape),
} as const;
