import { DEFAULT_HTTP_LIMITS } from './limits.js';

/** Levels per side `GET /books/:venue/:symbol` returns when the client does not say. */
export const DEFAULT_HTTP_DEPTH = 20;

const level = { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 2 } as const;
const ids = { lastUpdateId: { type: 'integer' }, checksum: { type: 'integer' } } as const;
/** ms since the epoch with a µs fraction, or null where unknown (see BookTimes). */
const time = { type: ['number', 'null'] } as const;
const times = { eventTime: time, receivedAt: time, appliedAt: time } as const;

/** `?depth=N|all`: an integer from 1 to the cap, or `all` in any case; anything else is a 400 from the schema. */
export function depthQuerySchema(maxDepth: number = DEFAULT_HTTP_LIMITS.maxDepth) {
  return {
    type: 'object',
    properties: {
      depth: {
        anyOf: [
          { type: 'integer', minimum: 1, maximum: maxDepth },
          { type: 'string', pattern: '^[Aa][Ll][Ll]$' },
        ],
      },
    },
  } as const;
}

/** `:venue/:symbol`: strings, resolved by the venue registry's own spelling rules. */
export const bookParamsSchema = {
  type: 'object',
  required: ['venue', 'symbol'],
  properties: { venue: { type: 'string', minLength: 1 }, symbol: { type: 'string', minLength: 1 } },
} as const;

/**
 * The body of `GET /books/:venue/:symbol`, in the documented key order. No `required`: fast-json-stringify writes
 * required keys first, which would move the optional ids after the levels.
 */
export const bookDepthSchema = {
  type: 'object',
  properties: {
    market: { type: 'string' },
    symbol: { type: 'string' },
    state: { type: 'string' },
    ...ids,
    ...times,
    exactDepth: { type: 'object', properties: { bids: { type: 'integer' }, asks: { type: 'integer' } } },
    bids: { type: 'array', items: level },
    asks: { type: 'array', items: level },
  },
} as const;

/** The body of `GET /books`. */
export const bookListSchema = {
  type: 'object',
  properties: {
    books: {
      type: 'array',
      items: {
        type: 'object',
        properties: { market: { type: 'string' }, symbol: { type: 'string' }, state: { type: 'string' }, reason: { type: 'string' }, ...ids },
      },
    },
  },
} as const;

/** The documented error body, for every route's 4xx and 5xx. */
export const errorSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: { error: { type: 'string' }, message: { type: 'string' } },
} as const;

/** `depth` as the schema let it through: a number of levels, Infinity for `all`, the default when absent. */
export function depthOf(value: number | string | undefined): number {
  if (value === undefined) return DEFAULT_HTTP_DEPTH;
  return typeof value === 'number' ? value : Infinity;
}

const bookState = { type: 'object', properties: { market: { type: 'string' }, symbol: { type: 'string' }, state: { type: 'string' }, reason: { type: 'string' } } } as const;

/** The body of `GET /health`, 200 and 503 alike. */
export const healthSchema = {
  type: 'object',
  properties: {
    status: { type: 'string' },
    books: { type: 'array', items: bookState },
    invalid: { type: 'array', items: bookState },
    progress: {
      type: 'object',
      properties: { live: { type: 'integer' }, total: { type: 'integer' }, snapshotsQueued: { type: 'integer' }, etaMs: { type: 'integer' } },
    },
  },
} as const;
