import { ConfigError } from '@lob/core';
import { z } from 'zod';
import type { HttpLimits } from '../http/limits.js';
import { DEFAULT_HTTP_LIMITS } from '../http/limits.js';
import { DEFAULT_LOAD_SHEDDING, type LoadShedding } from '../http/load-shedding.js';
import { DEFAULT_STREAM_LIMITS, type StreamLimits } from '../http/stream-limits.js';
import { quoteValue } from './quote-value.js';

/** The API bounds an operator may set (`serve` flags), each with its config key. */
export interface ApiLimitFlags {
  /** Browser origins allowed to open `/stream`, e.g. https://desk.example.com. */
  readonly allowOrigin?: readonly string[];
  /** Requests per client address per 10 s window. */
  readonly rateLimit?: number;
  /** Open HTTP connections at once (WebSockets included). */
  readonly httpConnections?: number;
  /** Open `/stream` connections in total, and from one client address. */
  readonly streamConnections?: number;
  readonly streamConnectionsPerClient?: number;
  /** Books one `/stream` connection may follow. */
  readonly streamBooks?: number;
  /** Percent of event-loop time past which book answers and /metrics are shed with 503 (0: never). */
  readonly shedAbove?: number;
}

/** The API's bounds as `createHttpApp` takes them: only what was set, the defaults for the rest. */
export interface ApiLimits {
  readonly http: Partial<HttpLimits>;
  readonly stream: Partial<StreamLimits>;
  readonly shedding: LoadShedding;
}

/** Largest figure any of the caps takes: far beyond one machine, small enough to catch a typo of a few digits. */
const MAX_CAP = 1_000_000;

/** Flag, config key, and where the value goes. */
const CAPS = [
  ['rateLimit', '--rate-limit', 'rate_limit'],
  ['httpConnections', '--http-connections', 'http_connections'],
  ['streamConnections', '--stream-connections', 'stream_connections'],
  ['streamConnectionsPerClient', '--stream-connections-per-client', 'stream_connections_per_client'],
  ['streamBooks', '--stream-books', 'stream_books'],
] as const;

/** Why a text is not an Origin a browser sends (`scheme://host[:port]`, http or https), or undefined when it is. */
export function originProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${quoteValue(value)} is not an origin (expected scheme://host[:port], e.g. https://desk.example.com)`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${quoteValue(value)} is not an http or https origin`;
  // A browser's Origin header is exactly scheme://host[:port]: anything else (a path, a trailing slash) never matches.
  if (url.origin !== value) return `${quoteValue(value)} is not an origin: write it as the browser sends it, ${url.origin}`;
  return undefined;
}

/** The config keys of the API's bounds, for the root of the config schema. */
export const API_LIMIT_KEYS = {
  allow_origins: z.array(z.string().refine((v) => originProblem(v) === undefined, { error: (issue) => originProblem(String(issue.input)) ?? 'invalid origin' })).optional(),
  rate_limit: z.number().int().min(1).max(MAX_CAP).optional(),
  http_connections: z.number().int().min(1).max(MAX_CAP).optional(),
  stream_connections: z.number().int().min(1).max(MAX_CAP).optional(),
  stream_connections_per_client: z.number().int().min(1).max(MAX_CAP).optional(),
  stream_books: z.number().int().min(1).max(MAX_CAP).optional(),
  shed_above: z.number().int().min(0).max(100).optional(),
};

type ApiLimitKeys = { readonly [K in keyof typeof API_LIMIT_KEYS]?: z.infer<(typeof API_LIMIT_KEYS)[K]> };

/** Why the caps do not fit together, by key, or nothing. Shared by the config schema and the flags. */
function capProblems(caps: Partial<Record<(typeof CAPS)[number][0], number>>): { field: (typeof CAPS)[number][0]; message: string }[] {
  const perClient = caps.streamConnectionsPerClient ?? DEFAULT_STREAM_LIMITS.maxConnectionsPerClient;
  const streams = caps.streamConnections ?? DEFAULT_STREAM_LIMITS.maxConnections;
  const http = caps.httpConnections ?? DEFAULT_HTTP_LIMITS.maxConnections;
  const out: { field: (typeof CAPS)[number][0]; message: string }[] = [];
  if (perClient > streams) out.push({ field: 'streamConnectionsPerClient', message: `${perClient} per client is more than the ${streams} /stream connections in total` });
  // A WebSocket is an HTTP connection first: stream connections past the HTTP cap would be refused by the socket.
  if (streams > http) out.push({ field: 'streamConnections', message: `${streams} /stream connections is more than the ${http} HTTP connections they are part of` });
  return out;
}

/** For the config schema's superRefine: caps of a config that do not fit together, at their key. */
export function checkApiLimitKeys(config: ApiLimitKeys, addIssue: (path: string, message: string) => void): void {
  const caps = Object.fromEntries(CAPS.map(([field, , key]) => [field, config[key]]));
  for (const { field, message } of capProblems(caps)) addIssue(CAPS.find(([f]) => f === field)?.[2] as string, message);
}

/** The API's bounds: flags over config keys over the defaults; caps that do not fit together are a ConfigError. */
export function resolveApiLimits(flags: ApiLimitFlags, config: ApiLimitKeys | undefined, configFile?: string): ApiLimits {
  const caps = Object.fromEntries(CAPS.map(([field, , key]) => [field, flags[field] ?? config?.[key]])) as Partial<Record<(typeof CAPS)[number][0], number>>;
  const [problem] = capProblems(caps);
  if (problem !== undefined) {
    const [, flag, key] = CAPS.find(([f]) => f === problem.field) as (typeof CAPS)[number];
    const name = flags[problem.field] !== undefined ? flag : key;
    throw new ConfigError('invalid-value', `${name}: ${problem.message}`, { key: name, ...(configFile === undefined || name === flag ? {} : { file: configFile }) });
  }
  const origins = flags.allowOrigin ?? config?.allow_origins;
  const http: Partial<HttpLimits> = {
    ...(caps.rateLimit === undefined ? {} : { rateMax: caps.rateLimit }),
    ...(caps.httpConnections === undefined ? {} : { maxConnections: caps.httpConnections }),
  };
  const stream: Partial<StreamLimits> = {
    ...(origins === undefined ? {} : { allowedOrigins: Object.freeze([...new Set(origins)]) }),
    ...(caps.streamConnections === undefined ? {} : { maxConnections: caps.streamConnections }),
    ...(caps.streamConnectionsPerClient === undefined ? {} : { maxConnectionsPerClient: caps.streamConnectionsPerClient }),
    ...(caps.streamBooks === undefined ? {} : { maxSubscriptions: caps.streamBooks }),
  };
  const shedAbove = flags.shedAbove ?? config?.shed_above;
  const shedding: LoadShedding = shedAbove === undefined ? DEFAULT_LOAD_SHEDDING : { ...DEFAULT_LOAD_SHEDDING, maxEventLoopUtilization: shedAbove / 100 };
  return { http, stream, shedding };
}

/** Commander's parser for `--allow-origin a,b` (repeatable): each origin checked. */
export function parseOrigins(value: string, previous: readonly string[] | undefined, invalid: (message: string) => Error): string[] {
  const origins = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (origins.length === 0) throw invalid('name at least one origin, e.g. https://desk.example.com');
  for (const origin of origins) {
    const problem = originProblem(origin);
    if (problem !== undefined) throw invalid(problem);
  }
  return [...(previous ?? []), ...origins];
}

/** The flags, for `serve`'s help: [flag with argument, description, ApiLimitFlags field, bound's default]. */
export const API_LIMIT_OPTIONS: readonly { readonly flag: string; readonly field: (typeof CAPS)[number][0]; readonly description: string }[] = [
  { flag: '--rate-limit <n>', field: 'rateLimit', description: `HTTP requests per client address per 10 s, then 429 (default ${DEFAULT_HTTP_LIMITS.rateMax})` },
  { flag: '--http-connections <n>', field: 'httpConnections', description: `open HTTP connections at once, WebSockets included (default ${DEFAULT_HTTP_LIMITS.maxConnections})` },
  { flag: '--stream-connections <n>', field: 'streamConnections', description: `open /stream connections in total, then 503 (default ${DEFAULT_STREAM_LIMITS.maxConnections})` },
  {
    flag: '--stream-connections-per-client <n>',
    field: 'streamConnectionsPerClient',
    description: `open /stream connections per client address, then 429 (default ${DEFAULT_STREAM_LIMITS.maxConnectionsPerClient})`,
  },
  { flag: '--stream-books <n>', field: 'streamBooks', description: `books one /stream connection may follow (default ${DEFAULT_STREAM_LIMITS.maxSubscriptions})` },
];

/** The bound of every cap flag, for its parser. */
export const API_CAP_MAX = MAX_CAP;
