import { ConfigError } from '@lob/core';
import { BYBIT_SYMBOL_EXAMPLES, BYBIT_VENUE, createBybitConnector, depthsOf, normalizeBybitSymbol, type BybitCategory } from '@lob/connector-bybit';
import { endpointOverrides, type VenueEntry } from './venue.js';

/** The titles messages use for each category. */
const TITLES: Readonly<Record<BybitCategory, string>> = {
  spot: 'Bybit spot',
  linear: 'Bybit linear',
  inverse: 'Bybit inverse',
};

/** Default symbols per category: inverse contracts are quoted in USD, the others in USDT. */
const DEFAULT_SYMBOLS: Readonly<Record<BybitCategory, readonly string[]>> = {
  spot: ['BTCUSDT', 'ETHUSDT'],
  linear: ['BTCUSDT', 'ETHUSDT'],
  inverse: ['BTCUSD', 'ETHUSD'],
};

/**
 * One Bybit category as a venue (`bybit-spot`, `bybit-linear`, `bybit-inverse`): one public WebSocket per category,
 * as on Bybit, symbols as Bybit spells them (BTCUSDT, BTC-26DEC25). `--book-depth` picks `orderbook.{depth}`.
 */
function bybitVenue(category: BybitCategory): VenueEntry {
  return {
    name: `bybit-${category}`,
    aliases: [],
    exchange: 'bybit',
    title: TITLES[category],
    endpoints: { restUrl: BYBIT_VENUE.restUrl, wsUrl: BYBIT_VENUE.wsUrls[category] },
    // The WebSocket's path names the category (/v5/public/linear), so it is kept; the REST base gets Bybit's paths
    // appended by the connector, and a path of its own would be kept too.
    endpointUrls: 'as-given',
    defaultSymbols: DEFAULT_SYMBOLS[category],
    defaultBook: 'chunked',
    symbolExamples: BYBIT_SYMBOL_EXAMPLES,
    options: {
      bookDepths: { values: depthsOf(category), default: BYBIT_VENUE.defaultDepth },
    },
    spell(raw) {
      try {
        return { symbol: normalizeBybitSymbol(raw) };
      } catch (error) {
        if (error instanceof ConfigError) return { error: error.message };
        throw error;
      }
    },
    createConnector(options) {
      return createBybitConnector({
        category,
        ...endpointOverrides(options),
        // The settings checked the depth against the category's depths already.
        ...(options.bookDepth === undefined ? {} : { depth: options.bookDepth }),
      });
    },
  };
}

/** Bybit spot. */
export const BYBIT_SPOT: VenueEntry = bybitVenue('spot');
/** Bybit USDT/USDC perpetuals and futures. */
export const BYBIT_LINEAR: VenueEntry = bybitVenue('linear');
/** Bybit coin-margined perpetuals and futures. */
export const BYBIT_INVERSE: VenueEntry = bybitVenue('inverse');
