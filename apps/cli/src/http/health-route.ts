import type { FastifyInstance } from 'fastify';
import type { MarketSource } from '../feeds/market-source.js';
import { startupProgress } from '../feeds/startup-progress.js';
import { healthSchema } from './book-schemas.js';

/**
 * `GET /health`: 200 while every valid book is live, 503 otherwise; the body lists every book's state and reason.
 * A book the exchange does not know (`invalid`) will never be live and is not retried: it does not hold the others'
 * health hostage, but it is listed, with why, under `invalid` as well. `progress` says how far a cold start is: books
 * live out of total, snapshots queued for the REST budget, and about how long that queue takes.
 */
export function registerHealthRoute(app: FastifyInstance, sources: readonly MarketSource[]): void {
  app.get('/health', { schema: { response: { 200: healthSchema, 503: healthSchema } } }, async (_request, reply) => {
    const books = sources.flatMap((s) => s.books().map((v) => ({ market: v.market, symbol: v.symbol, state: v.state, reason: v.reason })));
    const valid = books.filter((b) => b.state !== 'invalid');
    const invalid = books.filter((b) => b.state === 'invalid').map(({ market, symbol, reason }) => ({ market, symbol, reason }));
    const healthy = valid.length > 0 && valid.every((b) => b.state === 'live');
    return reply.code(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'unavailable', books, ...(invalid.length === 0 ? {} : { invalid }), progress: startupProgress(sources) });
  });
}
