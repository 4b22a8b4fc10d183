import { ConfigError } from '@lob/core';
import { KRAKEN_BOOK_DEPTHS, KRAKEN_SPOT, createKrakenConnector, normalizePair, protocolOfUrl, type KrakenBookDepth } from '@lob/connector-kraken';
import { endpointOverrides, type VenueEntry } from './venue.js';

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
  defaultBook: 'chunked',
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
  createConnector(options) {
    return createKrakenConnector({
      ...endpointOverrides(options),
      // The settings checked the depth against KRAKEN_BOOK_DEPTHS already.
      ...(options.bookDepth === undefined ? {} : { depth: options.bookDepth as KrakenBookDepth }),
    });
  },
};
