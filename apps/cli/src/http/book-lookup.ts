import type { BookView } from '@lob/core';
import { findBook, type MarketSource } from '../feeds/market-source.js';
import { describeVenues, findVenue } from '../venues/registry.js';

/** Books a 404 lists by name before it points to `GET /books`. */
const MAX_SERVED_IN_404 = 10;

/** A book found from user input, or why not (with the HTTP status that says so). */
export type Lookup = { readonly view: BookView; readonly source: MarketSource } | { readonly status: 400 | 404; readonly message: string };

/**
 * Resolves a venue (name or alias, any case) and a symbol typed by a client to a served book. The symbol is read
 * by the venue's own spelling rules: any case, and `-` for the `/` of a Kraken pair (`BTC-USD` is `BTC/USD`), while
 * an OKX instrument id keeps its dashes (`BTC-USDT-SWAP`).
 */
export function lookupBook(sources: readonly MarketSource[], venueInput: string, symbol: string): Lookup {
  const venue = findVenue(venueInput);
  if (venue === undefined) return { status: 400, message: `venue must be one of ${describeVenues()}` };
  const spelled = venue.spell(symbol);
  // The venue's own sentence quotes the symbol; an API error names the rule instead, never the client's input.
  if ('error' in spelled) return { status: 400, message: `the symbol is not in ${venue.name}'s spelling (e.g. ${venue.symbolExamples.join(', ')})` };
  const view = findBook(sources, venue.name, spelled.symbol);
  const source = sources.find((s) => s.market === venue.name);
  if (view !== undefined && source !== undefined) return { view, source };
  // The symbol named here passed the venue's spelling rules (and the path's length cap), so it is not raw input.
  const served = sources.flatMap((s) => s.books().map((v) => `${v.market}/${v.symbol}`));
  // A bounded list: with thousands of books, a 404 must not cost what `GET /books` costs.
  const shown = served.slice(0, MAX_SERVED_IN_404).join(', ') || 'none';
  const more = served.length > MAX_SERVED_IN_404 ? ` and ${served.length - MAX_SERVED_IN_404} more (GET /books lists them)` : '';
  return { status: 404, message: `no book for ${venue.name}/${spelled.symbol}; served: ${shown}${more}` };
}

/** A symbol as a client may name it without a venue: each venue's spelling of it, for the venues that read it. */
export function spellingsOf(sources: readonly MarketSource[], symbol: string): { source: MarketSource; symbol: string }[] {
  return sources.flatMap((source) => {
    const spelled = findVenue(source.market)?.spell(symbol);
    return spelled === undefined || 'error' in spelled ? [] : [{ source, symbol: spelled.symbol }];
  });
}
