import { ConfigError } from '@lob/core';
import { KRAKEN_BOOK_DEPTHS, KRAKEN_SPOT, normalizePair, protocolOfUrl } from '@lob/connector-kraken';
import type { VenueEntry } from './venue.js';

/** Kraken spot: pairs as WebSocket v2 spells them, BTC/USD (`-` may stand for `/`, and XBT/XDG for BTC/DOGE). */
export const KRAKEN: VenueEntry = {
  name: 'kraken',
  aliases: [],
  exchange: 'kraken',
  title: 'Kraken spot',
  endpoints: { restUrl: KRAKEN_SPOT.restUrl, wsUrl: KRAKEN_SPOT.wsUrlV2 },
  endpointUrls: 'as-given',
  checkUrl(kind, url) {
    if (kind === 'rest') return undefined;
    try {
      protocolOfUrl(url);
      return undefined;
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
  },
  defaultSymbols: ['BTC/USD', 'ETH/USD'],
  symbolExamples: ['BTC/USD', 'ETH/EUR', 'DOGE/USD'],
  options: {
    bookDepths: { values: KRAKEN_BOOK_DEPTHS, default: KRAKEN_SPOT.defaultDepth },
  },
  spell(raw) {
    try {
      return { symbol: normalizePair(raw) };
    } catch (error) {
      if (error instanceof ConfigError) return { error: error.message };
      throw error;
    }
  },
  // TODO(kraken-connector): @lob/connector-kraken does not export createKrakenConnector on main yet. Once it does,
  // import it and replace this body with:
  //   return createKrakenConnector({ ...endpointOverrides(options), ...(options.bookDepth === undefined ? {} : { depth: options.bookDepth as KrakenBookDepth }) });
  // and add KrakenSim to DEMO_SIMS in src/serve/demo-exchange.ts.
  createConnector() {
    throw new ConfigError('invalid-value', 'kraken: this build has no Kraken connector yet (@lob/connector-kraken does not export createKrakenConnector)', {
      key: 'market',
    });
  },
};
