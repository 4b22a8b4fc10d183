import fastifyStatic from '@fastify/static';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

/** Requests per client per window for the page's files: their own allowance, so loading the page never eats the API's. */
export const PAGE_RATE = { max: 300, timeWindow: 10_000 } as const;

/**
 * The depth page: `GET /` (index.html) and `GET /assets/:file`, read from `root` (apps/web/dist). Our own routes over
 * the plugin's `sendFile` (which refuses paths out of `root`), so they carry their own rate-limit bucket.
 */
export async function registerWebPage(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, { root, serve: false, cacheControl: false });
  const config = { rateLimit: PAGE_RATE };
  const assets = path.join(root, 'assets');
  // The page changes with each build under the same names: the browser revalidates (ETag) instead of caching blindly.
  app.get('/', { config }, (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
  app.get<{ Params: { file: string } }>('/assets/:file', { config }, (request, reply) =>
    reply.header('cache-control', 'no-cache').sendFile(request.params.file, assets),
  );
}
