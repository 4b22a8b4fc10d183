import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';

/**
 * Per-client rate limiting (by address) on every route: one client polling in a loop cannot starve the feed
 * that keeps the books. Over the limit: 429 in the documented error shape, with `retry-after`.
 */
export async function registerRateLimit(app: FastifyInstance, max: number, windowMs: number): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max,
    timeWindow: windowMs,
    // The plugin throws what this returns; its statusCode makes the error handler answer a documented 429.
    errorResponseBuilder: (_request, context) => Object.assign(new Error('rate limited'), { statusCode: context.statusCode }),
  });
}
