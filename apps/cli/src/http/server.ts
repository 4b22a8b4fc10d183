import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { ListenAddress } from '../config/listen-address.js';
import type { MarketSource } from '../feeds/market-source.js';
import { registerBookRoutes } from './book-routes.js';
import { registerDebugRoutes, type TruthReader } from './debug-routes.js';
import { sendError } from './errors.js';
import { registerHealthRoute } from './health-route.js';
import { registerMetricsRoute } from './metrics-route.js';
import type { BookChanges } from './book-changes.js';
import { streamLimits, type StreamLimits } from './stream-limits.js';
import { StreamHub, registerStreamRoute } from './stream-route.js';

/** What the HTTP API serves. */
export interface HttpAppOptions {
  readonly sources: readonly MarketSource[];
  readonly registry: Registry;
  /** Demo mode: the simulator's true books, served under /debug/truth. */
  readonly truth?: TruthReader;
  readonly streamIntervalMs?: number;
  /** The feeds' applied updates and events, for the `diff` stream (without them `diff` is refused). */
  readonly changes?: BookChanges;
  /** `/stream` bounds other than the defaults. */
  readonly streamLimits?: Partial<StreamLimits>;
}

/** Builds the API (not listening yet, so tests can `inject`): /books, /books/:market/:symbol, /stream, /metrics, /health. */
export async function createHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  // Fastify's own logger stays off: lob logs what matters itself, and per-request lines would drown the feed's.
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const limits = streamLimits(options.streamLimits);
  await app.register(websocket, { options: { maxPayload: limits.maxPayloadBytes } });
  app.setNotFoundHandler((request, reply) => sendError(reply, 404, `no route ${request.method} ${request.url.split('?')[0]}`));
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) =>
    error.statusCode !== undefined && error.statusCode < 500 ? sendError(reply, 400, error.message) : sendError(reply, 500, error.message),
  );
  registerBookRoutes(app, options.sources);
  registerStreamRoute(app, options.sources, new StreamHub(limits, options.streamIntervalMs), options.changes);
  registerMetricsRoute(app, options.registry);
  registerHealthRoute(app, options.sources);
  if (options.truth !== undefined) registerDebugRoutes(app, options.truth);
  return app;
}

/** Starts listening; returns the URL actually bound (port 0 becomes the port the system picked). */
export async function listenHttp(app: FastifyInstance, address: ListenAddress): Promise<string> {
  await app.listen({ host: address.host, port: address.port });
  const bound = app.server.address();
  if (bound === null || typeof bound === 'string') return `http://${address.host}:${address.port}`;
  const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return `http://${host}:${bound.port}`;
}
