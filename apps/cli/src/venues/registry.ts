import { BINANCE_COINM, BINANCE_SPOT, BINANCE_USDM } from './binance.js';
import { BYBIT_INVERSE, BYBIT_LINEAR, BYBIT_SPOT } from './bybit.js';
import { COINBASE } from './coinbase.js';
import { KRAKEN } from './kraken.js';
import { OKX } from './okx.js';
import { withAsciiSymbols } from './ascii-symbol.js';
import { VENUE_NAMES, type VenueEntry, type VenueName } from './venue.js';

/**
 * Every venue lob serves, in the order help and errors list them. One entry per venue: its names, endpoints,
 * symbol spelling, options and connector factory (src/venues/<venue>.ts).
 */
export const VENUES: readonly VenueEntry[] = [BINANCE_SPOT, BINANCE_USDM, BINANCE_COINM, OKX, KRAKEN, BYBIT_SPOT, BYBIT_LINEAR, BYBIT_INVERSE, COINBASE].map(
  withAsciiSymbols,
);

const byName = new Map<string, VenueEntry>();
for (const venue of VENUES) {
  for (const name of [venue.name, ...venue.aliases]) byName.set(name.toLowerCase(), venue);
}

/** The venue a user's name or alias means (any case, e.g. "Spot" → binance-spot), or undefined. */
export function findVenue(input: string): VenueEntry | undefined {
  return byName.get(input.trim().toLowerCase());
}

/** The entry of a venue by its name. */
export function venueOf(name: VenueName): VenueEntry {
  return findVenue(name) as VenueEntry;
}

/** Every name and alias a user may type, for "did you mean" hints. */
export const VENUE_INPUTS: readonly string[] = [...byName.keys()];

/** The venues for messages: "binance-spot (spot), binance-usdm (usdm), binance-coinm (coinm), okx, kraken, bybit-spot, …". */
export function describeVenues(): string {
  return VENUES.map((v) => (v.aliases.length === 0 ? v.name : `${v.name} (${v.aliases.join(', ')})`)).join(', ');
}

/**
 * How a venue's listed symbols compare with configured ones: in the venue's spelling (Kraken's AssetPairs says
 * XBT/USD where lob says BTC/USD). A listed symbol the spelling refuses is kept as listed.
 */
export function listedSpelling(market: string): (listed: string) => string {
  const venue = findVenue(market);
  return (listed) => {
    const spelled = venue?.spell(listed);
    return spelled === undefined || 'error' in spelled ? listed : spelled.symbol;
  };
}

export { VENUE_NAMES };
