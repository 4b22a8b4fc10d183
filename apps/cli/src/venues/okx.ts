import { ConfigError } from '@lob/core';
import { OKX_BOOK_CHANNELS, OKX_INST_ID_EXAMPLES, OKX_VENUE, createOkxConnector, normalizeInstId, type OkxBookChannel } from '@lob/connector-okx';
import { endpointOverrides, type VenueEntry } from './venue.js';

/** OKX (spot, swaps, futures, options): instrument ids as OKX spells them, BTC-USDT or BTC-USDT-SWAP. */
export const OKX: VenueEntry = {
  name: 'okx',
  aliases: [],
  exchange: 'okx',
  title: 'OKX',
  endpoints: { restUrl: OKX_VENUE.restUrl, wsUrl: OKX_VENUE.wsUrl },
  endpointUrls: 'as-given',
  defaultSymbols: ['BTC-USDT', 'ETH-USDT'],
  defaultBook: 'chunked',
  symbolExamples: OKX_INST_ID_EXAMPLES,
  options: {
    channels: { values: OKX_BOOK_CHANNELS, default: OKX_VENUE.defaultChannel },
  },
  spell(raw) {
    try {
      return { symbol: normalizeInstId(raw) };
    } catch (error) {
      if (error instanceof ConfigError) return { error: error.message };
      throw error;
    }
  },
  createConnector(options) {
    return createOkxConnector({
      ...endpointOverrides(options),
      // The settings checked the channel against OKX_BOOK_CHANNELS already.
      ...(options.channel === undefined ? {} : { channel: options.channel as OkxBookChannel }),
    });
  },
};
