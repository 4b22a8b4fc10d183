import { ConfigError } from '@lob/core';
import { COINBASE_VENUE, createCoinbaseConnector, normalizeProductId } from '@lob/connector-coinbase';
import { endpointOverrides, type VenueEntry } from './venue.js';

/**
 * Coinbase Advanced Trade spot: product ids as Coinbase spells them, BTC-USD. `level2` is full depth and carries no
 * per-product ids (the connection's `sequence_num` is the proof), so the venue has no depth option and its books no
 * `lastUpdateId`.
 */
export const COINBASE: VenueEntry = {
  name: 'coinbase',
  aliases: [],
  exchange: 'coinbase',
  title: 'Coinbase',
  endpoints: { restUrl: COINBASE_VENUE.restUrl, wsUrl: COINBASE_VENUE.wsUrl },
  endpointUrls: 'as-given',
  defaultSymbols: ['BTC-USD', 'ETH-USD'],
  defaultBook: 'chunked',
  symbolExamples: ['BTC-USD', 'ETH-USD', 'ETH-BTC'],
  options: {},
  spell(raw) {
    try {
      return { symbol: normalizeProductId(raw) };
    } catch (error) {
      if (error instanceof ConfigError) return { error: error.message };
      throw error;
    }
  },
  createConnector(options) {
    return createCoinbaseConnector(endpointOverrides(options));
  },
};
