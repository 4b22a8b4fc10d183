import type { FastifyInstance, HTTPMethods } from 'fastify';
import { sendError } from './errors.js';

const METHODS: readonly HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * Answers a known path asked with a method it does not take with 405 and `Allow`, instead of fastify's 404. Call
 * before registering routes; `register405Routes` then adds, per path, one route for the other methods. It answers
 * in `onRequest`, so a body sent with the wrong method is never read.
 */
export function collectRouteMethods(app: FastifyInstance): { register405Routes(): void } {
  const allowed = new Map<string, Set<string>>();
  let done = false;
  app.addHook('onRoute', (route) => {
    if (done) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const set = allowed.get(route.url) ?? new Set<string>();
    for (const m of methods) set.add(m.toUpperCase());
    allowed.set(route.url, set);
  });
  return {
    register405Routes(): void {
      done = true;
      for (const [url, set] of allowed) {
        if (set.has('GET')) set.add('HEAD');
        const others = METHODS.filter((m) => !set.has(m));
        if (others.length === 0) continue;
        const allow = METHODS.filter((m) => set.has(m)).join(', ');
        app.route({
          method: others,
          url,
          config: { methodNotAllowed: true },
          onRequest: async (request, reply) => {
            void reply.header('allow', allow);
            return sendError(reply, 405, `${request.method} is not allowed here; allowed: ${allow}`);
          },
          handler: async () => undefined,
        });
      }
    },
  };
}
