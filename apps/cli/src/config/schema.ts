import { z } from 'zod';
import { parseListenAddress } from './listen-address.js';
import { BOOK_KINDS, MARKETS, MAX_SNAPSHOT_LIMIT, SPEEDS, checkEndpointUrl, checkSnapshotLimit, checkSymbol, marketFromEndpoint, type Market } from './markets.js';

/** Levels pino understands, plus `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const depth = z.number().int().min(1).max(1000);
// The per-market check (checkSnapshotLimit) comes after the market is known; this is only the widest bound.
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

/** The market an `[[exchanges]]` table means: its `market` key, else what its endpoints' hosts say, else spot. */
export function exchangeMarket(exchange: { market?: Market | undefined; rest_endpoint?: string | undefined; ws_endpoint?: string | undefined }): Market {
  return exchange.market ?? marketFromEndpoint(exchange.rest_endpoint) ?? marketFromEndpoint(exchange.ws_endpoint) ?? 'spot';
}

/**
 * One `[[exchanges]]` table. `name`, `symbols`, `ws_endpoint` and `rest_endpoint` are the original Rust builder's
 * keys, accepted as they are; the rest are lob's optional additions.
 */
const exchangeSchema = z
  .strictObject({
    name: z.literal('binance', { error: (issue) => `only "binance" is supported, got ${JSON.stringify(issue.input)}` }),
    market: z.enum(MARKETS).optional(),
    symbols: z.array(z.string()).min(1, { error: 'must list at least one symbol' }),
    ws_endpoint: url('ws').optional(),
    rest_endpoint: url('rest').optional(),
    book: z.enum(BOOK_KINDS).optional(),
    depth: depth.optional(),
    snapshot_limit: snapshotLimit.optional(),
    min_exact_depth: minExactDepth.optional(),
    speed: z.string().optional(),
  })
  .superRefine((exchange, ctx) => {
    const market = exchangeMarket(exchange);
    exchange.symbols.forEach((raw, i) => {
      const checked = checkSymbol(market, raw);
      if ('error' in checked) ctx.addIssue({ code: 'custom', path: ['symbols', i], message: checked.error });
    });
    const problem = exchange.snapshot_limit === undefined ? undefined : checkSnapshotLimit(market, exchange.snapshot_limit);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['snapshot_limit'], message: problem });
    if (exchange.speed !== undefined && !SPEEDS[market].includes(exchange.speed)) {
      ctx.addIssue({
        code: 'custom',
        path: ['speed'],
        message: `${market} streams come at ${SPEEDS[market].map((s) => JSON.stringify(s)).join(' or ')}, got ${JSON.stringify(exchange.speed)}`,
      });
    }
  });

/** The whole config.toml. Top-level keys are defaults for every exchange table; flags override both. */
export const configSchema = z
  .strictObject({
    log_level: z.enum(LOG_LEVELS).optional(),
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
    exchanges: z.array(exchangeSchema).min(1, { error: 'must contain at least one [[exchanges]] table' }),
  })
  .superRefine((config, ctx) => {
    const seen = new Map<Market, number>();
    config.exchanges.forEach((exchange, i) => {
      const market = exchangeMarket(exchange);
      const first = seen.get(market);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['exchanges', i, exchange.market === undefined ? 'name' : 'market'],
          message: `market ${market} is already configured by exchanges[${first}]; list all its symbols in one [[exchanges]] table`,
        });
      } else {
        seen.set(market, i);
      }
      if (config.snapshot_limit !== undefined && exchange.snapshot_limit === undefined) {
        const problem = checkSnapshotLimit(market, config.snapshot_limit);
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
