import type { FastifyInstance } from 'fastify';
import { bookIds } from '@lob/book-stream';
import { resyncCount, type MarketSource } from '../feeds/market-source.js';

const bookStatus = {
  type: 'object',
  properties: {
    market: { type: 'string' },
    symbol: { type: 'string' },
    state: { type: 'string' },
    reason: { type: 'string' },
    lastUpdateId: { type: 'integer' },
    checksum: { type: 'integer' },
    exactDepth: { type: 'object', properties: { bids: { type: 'integer' }, asks: { type: 'integer' } } },
    resyncs: { type: 'integer' },
    updatesApplied: { type: 'integer' },
  },
} as const;

/** The body of `GET /status`. */
export const statusSchema = {
  type: 'object',
  properties: { time: { type: 'number' }, books: { type: 'array', items: bookStatus } },
} as const;

/**
 * `GET /status`: each book's sync status and counters (resyncs over every cause, events applied), with the server's
 * time so a reader polling it derives update rates from two answers. The web page polls it once a second.
 */
export function registerStatusRoute(app: FastifyInstance, sources: readonly MarketSource[], now: () => number = Date.now): void {
  app.get('/status', { schema: { response: { 200: statusSchema } } }, async () => ({
    time: now(),
    books: sources.flatMap((s) =>
      s.books().map((v) => ({
        market: v.market,
        symbol: v.symbol,
        state: v.state,
        reason: v.reason,
        ...bookIds(v, s.hasUpdateIds),
        exactDepth: v.exactDepth,
        resyncs: resyncCount(v),
        updatesApplied: v.stats.updatesApplied,
      })),
    ),
  }));
}
