import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, type Registry } from 'prom-client';
import { apiError, type ApiError } from './errors.js';

/** When the API steps back so the books stay fresh. */
export interface LoadShedding {
  /**
   * Share of the time the event loop may be busy (0–1, over the last sample) before book answers and `/metrics`
   * are refused with 503; 0 turns shedding off.
   */
  readonly maxEventLoopUtilization: number;
  /** How often the load is sampled (ms): how fast shedding starts and stops. */
  readonly sampleIntervalMs: number;
}

/**
 * Half the loop: an idle lob with hundreds of books keeps its loop 10–20 % busy; past half, frames wait behind
 * answers and book freshness visibly suffers (the benchmark's API load test measures it).
 */
export const DEFAULT_LOAD_SHEDDING: LoadShedding = { maxEventLoopUtilization: 0.5, sampleIntervalMs: 100 };

/** The routes whose answers cost work that grows with the books: the ones shed under load. */
const HEAVY_ROUTES = new Set(['/books/:venue/:symbol', '/metrics']);

/**
 * Sheds the API's heavy answers while the event loop is too busy (@fastify/under-pressure measures it): book answers
 * and `/metrics` get 503 with `Retry-After: 1` in the documented error shape, so a flood of requests cannot delay
 * the books it asks about. Everything cheap goes on: `/health` and `/status` (a load balancer must still see the
 * books are live), `/books`, `/stream` (its messages are coalesced or bounded already), the page.
 */
export async function registerLoadShedding(app: FastifyInstance, shedding: LoadShedding, registry: Registry): Promise<void> {
  if (shedding.maxEventLoopUtilization <= 0) return;
  const shed = new Counter({ name: 'lob_api_shed_total', help: 'API answers refused with 503 while the event loop was too busy', labelNames: ['route'], registers: [registry] });
  await app.register(underPressure, {
    maxEventLoopUtilization: shedding.maxEventLoopUtilization,
    sampleInterval: shedding.sampleIntervalMs,
    // The utilization of the last sample, not since start: shedding must follow the load as it comes and goes.
    eventLoopUtilizationMode: 'interval',
    pressureHandler: ((request: FastifyRequest, reply: FastifyReply) => shedHeavy(request, reply, shed)) as unknown as (request: FastifyRequest, reply: FastifyReply) => void,
  });
}

/**
 * Lets cheap routes through (undefined: the plugin goes on to the route) and answers a heavy one with 503. The
 * plugin sends whatever non-null value its handler returns and stops there (handlePressure in its index.js),
 * though its types declare the handler void.
 */
function shedHeavy(request: FastifyRequest, reply: FastifyReply, shed: Counter<'route'>): ApiError | undefined {
  const route = request.routeOptions.url ?? '';
  if (!HEAVY_ROUTES.has(route)) return undefined;
  shed.labels({ route }).inc();
  const { status, body } = apiError(503, 'the server is busy keeping its books fresh: retry in a second');
  reply.code(status).header('retry-after', '1').type('application/json; charset=utf-8');
  return body;
}
