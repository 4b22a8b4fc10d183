import { quoteValue } from '../config/quote-value.js';
import type { VenueEntry } from './venue.js';

/**
 * Why a symbol is refused before any venue reads it: symbols are printable ASCII. Checked before upper-casing,
 * because `toUpperCase` maps some non-ASCII letters onto ASCII ones (`ſ` → `S`, `ı` → `I`, `ß` → `SS`), which let a
 * look-alike spelling name a real book.
 */
export function nonAsciiSymbol(raw: string): string | undefined {
  if (/^[\x20-\x7e]*$/.test(raw)) return undefined;
  return `${quoteValue(raw)} is not a symbol: symbols are written in ASCII letters, digits and punctuation`;
}

/** The venue with its spelling guarded by the ASCII check. */
export function withAsciiSymbols(venue: VenueEntry): VenueEntry {
  return {
    ...venue,
    spell(raw) {
      const error = nonAsciiSymbol(raw);
      return error === undefined ? venue.spell(raw) : { error };
    },
  };
}
