import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/** `GET /metrics` in the Prometheus text format. */
export function registerMetricsRoute(app: FastifyInstance, registry: Registry): void {
  app.get('/metrics', async (_request, reply) => {
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });
}
