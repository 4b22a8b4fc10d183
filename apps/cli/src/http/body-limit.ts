import type { FastifyInstance } from 'fastify';
import { sendError } from './errors.js';

/**
 * Refuses, before anything is read, a request announcing a body larger than `bodyLimit`, whatever its method and
 * route: fastify applies its own `bodyLimit` only where it parses a body (not on GET, not on a 404), and no route of
 * this API takes one.
 */
export function refuseLargeBodies(app: FastifyInstance, bodyLimit: number): void {
  app.addHook('onRequest', async (request, reply) => {
    // A wrong method is the more useful answer: the 405 route answers first, and reads nothing either.
    if ((request.routeOptions.config as { methodNotAllowed?: boolean }).methodNotAllowed === true) return undefined;
    const length = Number(request.headers['content-length'] ?? 0);
    if (length > bodyLimit || (request.headers['transfer-encoding'] !== undefined && request.method === 'GET')) {
      // Close the connection: the unread body would otherwise have to be drained before the next request.
      void reply.header('connection', 'close');
      return sendError(reply, 413, 'the request body is too large: no route of this API takes a body');
    }
    return undefined;
  });
}
