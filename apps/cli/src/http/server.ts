import websocket from '@fastify/websocket';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { ListenAddress } from '../config/listen-address.js';
import type { MarketSource } from '../feeds/market-source.js';
import { refuseLargeBodies } from './body-limit.js';
import { registerBookRoutes } from './book-routes.js';
import { registerDebugRoutes, type TruthReader } from './debug-routes.js';
import { sendError } from './errors.js';
import { describeError } from './framework-errors.js';
import { registerHealthRoute } from './health-route.js';
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from './limits.js';
import { collectRouteMethods } from './method-not-allowed.js';
import { registerLoadShedding, type LoadShedding } from './load-shedding.js';
import { registerMetricsRoute } from './metrics-route.js';
import { registerRateLimit } from './rate-limit.js';
import { answerClientError } from './client-errors.js';
import { closeWebSocketClients } from './websocket-close.js';
import type { BookChanges } from './book-changes.js';
import { streamLimits, type StreamLimits } from './stream-limits.js';
import { StreamHub, registerStreamRoute } from './stream-route.js';
import { registerStatusRoute } from './status-route.js';
import { registerWebPage } from './web-page-route.js';

/** What the HTTP API serves. */
export interface HttpAppOptions {
  readonly sources: readonly MarketSource[];
  readonly registry: Registry;
  /** Demo mode: the simulator's true books, served under /debug/truth. */
  readonly truth?: TruthReader;
  readonly streamIntervalMs?: number;
  /** Overrides of the documented limits (tests). */
  readonly limits?: Partial<HttpLimits>;
  /** The clock `/metrics`' cache reads (tests). */
  readonly now?: () => number;
  /** The feeds' applied updates and events, for the `diff` stream (without them `diff` is refused). */
  readonly changes?: BookChanges;
  /** `/stream` bounds other than the defaults. */
  readonly streamLimits?: Partial<StreamLimits>;
  /** The built depth page (apps/web/dist), served at `/` and `/assets/...`; without it there is no page. */
  readonly webRoot?: string;
  /** When heavy answers are refused so the books stay fresh (default: never; `lob serve` passes its setting). */
  readonly loadShedding?: LoadShedding;
}

/** Builds the API (not listening yet, so tests can `inject`): /books, /books/:market/:symbol, /stream, /status, /metrics, /health, and the page at /. */
export async function createHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const limits: HttpLimits = { ...DEFAULT_HTTP_LIMITS, ...options.limits };
  // Fastify's own logger stays off: lob logs what matters itself, and per-request lines would drown the feed's.
  const app = Fastify({
    logger: false,
    forceCloseConnections: true,
    bodyLimit: limits.bodyLimit,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionTimeout: limits.requestTimeoutMs,
    routerOptions: { maxParamLength: limits.maxParamLength },
    // Errors raised before a route is found (a bad URL, a too long parameter) get the documented shape as well.
    frameworkErrors: (error, _request, reply) => {
      const { status, body } = describeError(error as FastifyError);
      void sendError(reply, status, body.message);
    },
    clientErrorHandler: answerClientError,
  });
  app.server.maxConnections = limits.maxConnections;
  refuseLargeBodies(app, limits.bodyLimit);
  const methods = collectRouteMethods(app);
  await registerRateLimit(app, limits.rateMax, limits.rateWindowMs);
  if (options.loadShedding !== undefined) await registerLoadShedding(app, options.loadShedding, options.registry);
  const streamBounds = streamLimits(options.streamLimits);
  await app.register(websocket, { preClose: closeWebSocketClients, options: { maxPayload: streamBounds.maxPayloadBytes } });
  // Unknown paths count against the client's rate too (the plugin's global limit covers declared routes only).
  app.setNotFoundHandler({ preHandler: app.rateLimit() }, (request, reply) => sendError(reply, 404, `no route ${request.method} for this path`));
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const { status, body } = describeError(error);
    return sendError(reply, status, body.message);
  });
  registerBookRoutes(app, options.sources, limits.maxDepth);
  registerStreamRoute(app, options.sources, new StreamHub(streamBounds, options.streamIntervalMs), options.changes);
  registerMetricsRoute(app, options.registry, limits.metricsCacheMs, options.now);
  registerHealthRoute(app, options.sources);
  registerStatusRoute(app, options.sources, options.now);
  if (options.webRoot !== undefined) await registerWebPage(app, options.webRoot);
  if (options.truth !== undefined) registerDebugRoutes(app, options.truth);
  methods.register405Routes();
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
