import { ConfigError } from '@lob/core';
import { OKX_BOOK_CHANNELS, OKX_INST_ID_EXAMPLES, OKX_VENUE, normalizeInstId } from '@lob/connector-okx';
import type { VenueEntry } from './venue.js';

/** OKX (spot, swaps, futures, options): instrument ids as OKX spells them, BTC-USDT or BTC-USDT-SWAP. */
export const OKX: VenueEntry = {
  name: 'okx',
  aliases: [],
  exchange: 'okx',
  title: 'OKX',
  endpoints: { restUrl: OKX_VENUE.restUrl, wsUrl: OKX_VENUE.wsUrl },
  endpointUrls: 'as-given',
  defaultSymbols: ['BTC-USDT', 'ETH-USDT'],
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
  // TODO(okx-connector): @lob/connector-okx does not export createOkxConnector on main yet. Once it does, import it
  // and replace this body with:
  //   return createOkxConnector({ ...endpointOverrides(options), ...(options.channel === undefined ? {} : { channel: options.channel as OkxBookChannel }) });
  // and add OkxSim to DEMO_SIMS in src/serve/demo-exchange.ts.
  createConnector() {
    throw new ConfigError('invalid-value', 'okx: this build has no OKX connector yet (@lob/connector-okx does not export createOkxConnector)', { key: 'market' });
  },
};
