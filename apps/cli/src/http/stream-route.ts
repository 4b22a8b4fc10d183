import type { FastifyInstance, FastifyReply } from 'fastify';
import type { MarketSource } from '../feeds/market-source.js';
import { sendError } from './errors.js';
import type { BookChanges } from './book-changes.js';
import { StreamHub } from './stream-hub.js';
import { originAllowed } from './stream-limits.js';
import { isOwnPage } from './own-origin.js';
import { parseClientOp, streamBooks, streamRequest, type StreamRequest } from './stream-request.js';

export { StreamHub, STREAM_INTERVAL_MS } from './stream-hub.js';
export { streamBooks, type StreamedBook } from './stream-request.js';
export type { TopOfBookMessage, DepthMessage, SnapshotMessage, DiffMessage, ResyncMessage, StreamMessage } from './stream-messages.js';

/** A refusal before the upgrade the shared error helper has no status for (403, 429, 503): same JSON shape. */
function refuse(reply: FastifyReply, status: 403 | 429 | 503, error: string, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ error, message });
}

/**
 * `GET /stream?symbols=...&mode=top|depth|diff&depth=N` (WebSocket). The query is the first subscription; later
 * `{"op":"subscribe"|"unsubscribe",...}` messages change them. `changes` carries the feeds' applied updates and
 * events, which `diff` needs; without it a `diff` request is refused.
 */
export function registerStreamRoute(app: FastifyInstance, sources: readonly MarketSource[], hub: StreamHub, changes?: BookChanges): void {
  const stopListening = changes?.listen(hub);
  const limits = hub.limits;
  app.route<{ Querystring: Record<string, unknown> }>({
    method: 'GET',
    url: '/stream',
    // Checked before the upgrade, so a refused request gets a plain HTTP answer with a JSON body.
    preValidation: async (request, reply) => {
      const origin = request.headers.origin;
      if (!originAllowed(origin, limits) && !isOwnPage(origin, request.headers.host)) return refuse(reply, 403, 'forbidden', 'this Origin may not open the stream');
      if (hub.connections() >= limits.maxConnections) return refuse(reply, 503, 'unavailable', `the stream serves at most ${limits.maxConnections} connections`);
      if (hub.connections(request.ip) >= limits.maxConnectionsPerClient) {
        return refuse(reply, 429, 'too-many-connections', `at most ${limits.maxConnectionsPerClient} stream connections per client`);
      }
      const parsed = streamRequest(sources, request.query);
      if ('status' in parsed) return sendError(reply, parsed.status, parsed.message);
      if (parsed.mode === 'diff' && changes === undefined) return sendError(reply, 400, 'this server has no diff stream');
      if (parsed.books.length > limits.maxSubscriptions) return refuse(reply, 429, 'too-many-subscriptions', `at most ${limits.maxSubscriptions} books per connection`);
    },
    handler: async (_request, reply) => sendError(reply, 426, 'connect with a WebSocket client to receive book changes'),
    wsHandler: (socket, request) => {
      hub.add(socket, request.ip, streamRequest(sources, request.query) as StreamRequest);
      socket.on('message', (data, isBinary) => {
        const op = isBinary ? 'messages are JSON text' : parseClientOp(String(data));
        if (typeof op === 'string') return hub.refuse(socket, 'bad-request', op);
        if (op.op === 'unsubscribe') {
          const books = streamBooks(sources, op.symbols);
          if (!Array.isArray(books)) return hub.refuse(socket, books.status === 404 ? 'not-found' : 'bad-request', books.message);
          return hub.request(socket, 'unsubscribe', { books });
        }
        const parsed = streamRequest(sources, op);
        if ('status' in parsed) return hub.refuse(socket, parsed.status === 404 ? 'not-found' : 'bad-request', parsed.message);
        if (parsed.mode === 'diff' && changes === undefined) return hub.refuse(socket, 'bad-request', 'this server has no diff stream');
        hub.request(socket, 'subscribe', parsed);
      });
    },
  });
  app.addHook('onClose', async () => {
    stopListening?.();
    hub.close();
  });
}
