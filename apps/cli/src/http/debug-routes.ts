import type { FastifyInstance } from 'fastify';
import { parseDepth } from './book-routes.js';
import { sendError } from './errors.js';

/** The simulator's true book, best first on each side. */
export interface TrueBookView {
  readonly lastUpdateId: number;
  readonly bids: readonly (readonly [string, string])[];
  readonly asks: readonly (readonly [string, string])[];
}

/** Reads the simulator's true book of a market and symbol, or undefined when it has none. */
export type TruthReader = (market: string, symbol: string) => TrueBookView | undefined;

/**
 * Demo mode only: `GET /debug/truth/:market/:symbol?depth=N|all` returns the simulator's true book, so anyone (and
 * the end-to-end test) can check lob's book against the truth at the same `lastUpdateId`.
 */
export function registerDebugRoutes(app: FastifyInstance, truth: TruthReader): void {
  app.get<{ Params: { market: string; symbol: string }; Querystring: Record<string, unknown> }>(
    '/debug/truth/:market/:symbol',
    async (request, reply) => {
      const depth = parseDepth(request.query.depth);
      if (typeof depth !== 'number') return sendError(reply, 400, depth.error);
      const symbol = request.params.symbol.toUpperCase();
      const book = truth(request.params.market, symbol);
      if (book === undefined) return sendError(reply, 404, `the simulator has no ${request.params.market}/${symbol}`);
      return {
        market: request.params.market,
        symbol,
        lastUpdateId: book.lastUpdateId,
        bids: book.bids.slice(0, depth),
        asks: book.asks.slice(0, depth),
      };
    },
  );
}
