import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { yieldSlice } from '../metrics/time-slice.js';

/**
 * Renders the registry as `registry.metrics()` does (Prometheus text), in time slices of a few ms (yieldSlice,
 * between metrics and, in the per-book ones, between books): a rendering walks every book (tens of ms at a few
 * hundred books, ~1 s at 10 000), and in one piece it would hold back every book update that arrives meanwhile.
 */
export async function renderInSlices(registry: Registry): Promise<string> {
  const parts: string[] = [];
  for (const metric of registry.getMetricsAsArray()) {
    await yieldSlice();
    parts.push(await registry.getSingleMetricAsString(metric.name));
  }
  return `${parts.join('\n\n')}\n`;
}

/**
 * `GET /metrics` in the Prometheus text format, rendered at most once per `cacheMs`, in slices (renderInSlices), so
 * scrapers arriving together share one rendering and concurrent requests share the rendering in flight. The text is
 * kept encoded: hundreds of kB re-encoded per answer would cost more than the answer.
 */
export function registerMetricsRoute(app: FastifyInstance, registry: Registry, cacheMs: number, now: () => number = Date.now): void {
  let cached: { at: number; body: Promise<Buffer>; rendering: boolean } | undefined;
  app.get('/metrics', async (_request, reply) => {
    const t = now();
    // A rendering in flight is shared however old: renderings never pile up when one takes longer than cacheMs.
    if (cached === undefined || (t - cached.at >= cacheMs && !cached.rendering)) {
      const entry = { at: t, body: renderInSlices(registry).then((text) => Buffer.from(text, 'utf8')), rendering: true };
      const { body } = entry;
      cached = entry;
      // Served for cacheMs from when it is ready: a rendering slowed down by a busy loop is still reused.
      void body.then(
        () => Object.assign(entry, { at: now(), rendering: false }),
        () => (entry.rendering = false),
      );
      // A failed rendering is not kept: the next scrape tries again.
      body.catch(() => {
        if (cached?.body === body) cached = undefined;
      });
    }
    return reply.type(registry.contentType).send(await cached.body);
  });
}
