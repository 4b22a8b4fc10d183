import type { FastifyInstance } from 'fastify';
import type { MarketSource } from '../feeds/market-source.js';

/** `GET /health`: 200 only while every book is live, 503 otherwise; the body lists every book's state. */
export function registerHealthRoute(app: FastifyInstance, sources: readonly MarketSource[]): void {
  app.get('/health', async (_request, reply) => {
    const books = sources.flatMap((s) => s.books().map((v) => ({ market: v.market, symbol: v.symbol, state: v.state, reason: v.reason })));
    const healthy = books.length > 0 && books.every((b) => b.state === 'live');
    return reply.code(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'unavailable', books });
  });
}
