import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/**
 * `GET /metrics` in the Prometheus text format, rendered at most once per `cacheMs`: a rendering walks every book
 * (8.6 MB and ~0.9 s at 10 000 books), so scrapers arriving together share one, and concurrent requests share the
 * rendering in flight.
 */
export function registerMetricsRoute(app: FastifyInstance, registry: Registry, cacheMs: number, now: () => number = Date.now): void {
  let cached: { at: number; text: Promise<string> } | undefined;
  app.get('/metrics', async (_request, reply) => {
    const t = now();
    if (cached === undefined || t - cached.at >= cacheMs) {
      const text = registry.metrics();
      cached = { at: t, text };
      // A failed rendering is not kept: the next scrape tries again.
      text.catch(() => {
        if (cached?.text === text) cached = undefined;
      });
    }
    return reply.type(registry.contentType).send(await cached.text);
  });
}
