import type { ExactDepth, Level } from '@lob/core';
import type { FastifyInstance } from 'fastify';
import { bookIds, bookTimes, type BookIds, type BookTimes } from '@lob/book-stream';
import type { MarketSource } from '../feeds/market-source.js';
import { BookAnswerCache } from './book-answer-cache.js';
import { bookDepthJson } from './book-json.js';
import { lookupBook } from './book-lookup.js';
import { bookDepthSchema, bookListSchema, bookParamsSchema, depthOf, depthQuerySchema, errorSchema } from './book-schemas.js';
import { sendError } from './errors.js';

export { DEFAULT_HTTP_DEPTH } from './book-schemas.js';

/** One row of `GET /books`. */
export interface BookSummary extends BookIds {
  readonly market: string;
  readonly symbol: string;
  readonly state: string;
  readonly reason: string;
}

/**
 * The body of `GET /books/:venue/:symbol`: one consistent view of the book. `lastUpdateId` only where the venue's
 * messages carry a sequence, `checksum` only where it sends checksums; the times are those of the last event or
 * snapshot the book took in.
 */
export interface BookDepth extends BookIds, BookTimes {
  readonly market: string;
  readonly symbol: string;
  readonly state: string;
  /** Top levels per side guaranteed to be the exchange's; `depth=all` may return more, deeper ones may have holes. */
  readonly exactDepth: ExactDepth;
  readonly bids: Level[];
  readonly asks: Level[];
}

/** `GET /books` and `GET /books/:venue/:symbol?depth=N|all` (N up to `maxDepth`). */
export function registerBookRoutes(app: FastifyInstance, sources: readonly MarketSource[], maxDepth: number): void {
  app.get('/books', { schema: { response: { 200: bookListSchema } } }, async () => {
    const books: BookSummary[] = sources.flatMap((s) =>
      s.books().map((v) => ({ market: v.market, symbol: v.symbol, state: v.state, reason: v.reason, ...bookIds(v, s.hasUpdateIds) })),
    );
    return { books };
  });

  const cache = new BookAnswerCache();
  app.get<{ Params: { venue: string; symbol: string }; Querystring: { depth?: number | string } }>(
    '/books/:venue/:symbol',
    { schema: { params: bookParamsSchema, querystring: depthQuerySchema(maxDepth), response: { 200: bookDepthSchema, '4xx': errorSchema } } },
    async (request, reply) => {
      const depth = depthOf(request.query.depth);
      const found = lookupBook(sources, request.params.venue, request.params.symbol);
      if (!('view' in found)) return sendError(reply, found.status, found.message);
      // Everything below runs in one synchronous step: no update can be applied halfway through the read, and the
      // cached answer is that of the book's current state (the cache is keyed by it).
      const { view, source } = found;
      const text = cache.get(view, depth, () => {
        const book = view.book;
        const body: BookDepth = {
          market: view.market,
          symbol: view.symbol,
          state: view.state,
          ...bookIds(view, source.hasUpdateIds),
          ...bookTimes(view),
          exactDepth: view.exactDepth,
          bids: depth === Infinity ? [...book.levels('bid')] : book.top('bid', depth),
          asks: depth === Infinity ? [...book.levels('ask')] : book.top('ask', depth),
        };
        return bookDepthJson(body);
      });
      return reply.type('application/json; charset=utf-8').send(text);
    },
  );
}
