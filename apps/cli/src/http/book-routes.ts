import type { ExactDepth, Level } from '@lob/core';
import type { FastifyInstance } from 'fastify';
import { bookIds, type BookIds } from '../feeds/book-top.js';
import type { MarketSource } from '../feeds/market-source.js';
import { lookupBook } from './book-lookup.js';
import { sendError } from './errors.js';

/** Levels per side `GET /books/:market/:symbol` returns when the client does not say. */
export const DEFAULT_HTTP_DEPTH = 20;

/** One row of `GET /books`. */
export interface BookSummary extends BookIds {
  readonly market: string;
  readonly symbol: string;
  readonly state: string;
  readonly reason: string;
}

/**
 * The body of `GET /books/:venue/:symbol`: one consistent view of the book. `lastUpdateId` only where the venue's
 * messages carry a sequence, `checksum` only where it sends checksums.
 */
export interface BookDepth extends BookIds {
  readonly market: string;
  readonly symbol: string;
  readonly state: string;
  /** Top levels per side guaranteed to be the exchange's; `depth=all` may return more, deeper ones may have holes. */
  readonly exactDepth: ExactDepth;
  readonly bids: Level[];
  readonly asks: Level[];
}

/** Parses `depth`: a positive integer or `all` (Infinity); an error message otherwise. */
export function parseDepth(value: unknown): number | { error: string } {
  if (value === undefined) return DEFAULT_HTTP_DEPTH;
  if (typeof value !== 'string') return { error: 'give depth once' };
  if (value.toLowerCase() === 'all') return Infinity;
  if (!/^[0-9]{1,9}$/.test(value) || Number(value) < 1) {
    return { error: `depth must be a positive integer or "all", got ${JSON.stringify(value)}` };
  }
  return Number(value);
}

/** `GET /books` and `GET /books/:venue/:symbol?depth=N|all`. */
export function registerBookRoutes(app: FastifyInstance, sources: readonly MarketSource[]): void {
  app.get('/books', async () => {
    const books: BookSummary[] = sources.flatMap((s) =>
      s.books().map((v) => ({ market: v.market, symbol: v.symbol, state: v.state, reason: v.reason, ...bookIds(v, s.hasUpdateIds) })),
    );
    return { books };
  });

  app.get<{ Params: { venue: string; symbol: string }; Querystring: Record<string, unknown> }>(
    '/books/:venue/:symbol',
    async (request, reply) => {
      const depth = parseDepth(request.query.depth);
      if (typeof depth !== 'number') return sendError(reply, 400, depth.error);
      const found = lookupBook(sources, request.params.venue, request.params.symbol);
      if (!('view' in found)) return sendError(reply, found.status, found.message);
      // Everything below runs in one synchronous step: no update can be applied halfway through the read.
      const { view, source } = found;
      const book = view.book;
      const body: BookDepth = {
        market: view.market,
        symbol: view.symbol,
        state: view.state,
        ...bookIds(view, source.hasUpdateIds),
        exactDepth: view.exactDepth,
        bids: depth === Infinity ? [...book.levels('bid')] : book.top('bid', depth),
        asks: depth === Infinity ? [...book.levels('ask')] : book.top('ask', depth),
      };
      return body;
    },
  );
}
