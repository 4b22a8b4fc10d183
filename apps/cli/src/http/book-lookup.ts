import type { BookView } from '@lob/core';
import { MARKETS, checkSymbol, type Market } from '../config/markets.js';
import { findBook, type MarketSource } from '../feeds/market-source.js';

/** A book found from user input, or why not (with the HTTP status that says so). */
export type Lookup = { readonly view: BookView } | { readonly status: 400 | 404; readonly message: string };

/** Resolves a market and a symbol (any case) typed by a client to a served book. */
export function lookupBook(sources: readonly MarketSource[], market: string, symbol: string): Lookup {
  if (!(MARKETS as readonly string[]).includes(market)) {
    return { status: 400, message: `market must be one of ${MARKETS.join(', ')}, got ${JSON.stringify(market)}` };
  }
  const checked = checkSymbol(market as Market, symbol);
  if ('error' in checked) return { status: 400, message: checked.error };
  const view = findBook(sources, market, checked.symbol);
  if (view !== undefined) return { view };
  const served = sources.flatMap((s) => s.books().map((v) => `${v.market}/${v.symbol}`));
  return { status: 404, message: `no book for ${market}/${checked.symbol}; served: ${served.join(', ') || 'none'}` };
}
