import type { FastifyInstance } from 'fastify';
import { describeVenues, findVenue } from '../venues/registry.js';
import type { VenueName } from '../venues/venue.js';
import { depthOf, depthQuerySchema } from './book-schemas.js';
import { sendError } from './errors.js';

/** The simulator's true book, best first on each side, with its update id or its checksum as the venue has them. */
export interface TrueBookView {
  readonly lastUpdateId?: number;
  readonly checksum?: number;
  readonly bids: readonly (readonly [string, string])[];
  readonly asks: readonly (readonly [string, string])[];
}

/** Reads the simulator's true book of a venue and symbol (the venue's spelling), or undefined when it has none. */
export type TruthReader = (market: VenueName, symbol: string) => TrueBookView | undefined;

/**
 * Demo mode only: `GET /debug/truth/:venue/:symbol?depth=N|all` (venue and symbol read as `/books` reads them) returns the simulator's true book, so anyone (and
 * the end-to-end test) can check lob's book against the truth at the same `lastUpdateId`.
 */
export function registerDebugRoutes(app: FastifyInstance, truth: TruthReader): void {
  app.get<{ Params: { venue: string; symbol: string }; Querystring: { depth?: number | string } }>(
    '/debug/truth/:venue/:symbol',
    { schema: { querystring: depthQuerySchema() } },
    async (request, reply) => {
      const depth = depthOf(request.query.depth);
      const venue = findVenue(request.params.venue);
      if (venue === undefined) return sendError(reply, 400, `venue must be one of ${describeVenues()}`);
      const spelled = venue.spell(request.params.symbol);
      if ('error' in spelled) return sendError(reply, 400, spelled.error);
      const { symbol } = spelled;
      const book = truth(venue.name, symbol);
      if (book === undefined) return sendError(reply, 404, `the simulator has no ${venue.name}/${symbol}`);
      return {
        market: venue.name,
        symbol,
        ...(book.lastUpdateId === undefined ? {} : { lastUpdateId: book.lastUpdateId }),
        ...(book.checksum === undefined ? {} : { checksum: book.checksum }),
        bids: book.bids.slice(0, depth),
        asks: book.asks.slice(0, depth),
      };
    },
  );
}
