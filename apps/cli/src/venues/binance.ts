import { quoteValue } from '../config/quote-value.js';
import { BINANCE_MARKETS, checkSnapshotLimit, checkSymbol, createBinanceConnector, type BinanceMarket } from '@lob/connector-binance';
import { endpointOverrides, type VenueEntry, type VenueName } from './venue.js';

/** One Binance market as a venue: `binance-<market>`, with the bare market name kept as an alias. */
function binanceVenue(market: BinanceMarket, name: VenueName, title: string): VenueEntry {
  const spec = BINANCE_MARKETS[market];
  return {
    name,
    aliases: [market],
    exchange: 'binance',
    title,
    endpoints: { restUrl: spec.restUrl, wsUrl: spec.wsUrl },
    endpointUrls: 'base',
    defaultSymbols: spec.defaultSymbols,
    symbolExamples: spec.defaultSymbols,
    // The scanner gives each level as numbers (spelledLevels): Binance's pipeline runs fastest on a book of numbers.
    defaultBook: 'packed',
    options: {
      restSnapshots: {
        defaultLimit: spec.defaultSnapshotLimit,
        maxLimit: spec.maxLimit,
        // The connector's message names the Binance market; users know it by the venue's name.
        check: (limit) => checkSnapshotLimit(market, limit)?.replace(new RegExp(`^${market} `), `${name} `),
      },
      // The default speed first.
      speeds: [spec.defaultSpeed, ...Object.keys(spec.speeds).filter((s) => s !== spec.defaultSpeed)],
    },
    spell(raw) {
      const checked = checkSymbol(market, raw);
      if ('error' in checked) return { error: `${quoteValue(raw)} is not a ${name} symbol (expected something like ${spec.symbolExample})` };
      return { symbol: checked.symbol };
    },
    createConnector(options) {
      return createBinanceConnector({
        market,
        venue: name,
        ...endpointOverrides(options),
        ...(options.snapshotLimit === undefined ? {} : { snapshotLimit: options.snapshotLimit }),
        ...(options.speed === undefined ? {} : { speed: options.speed }),
        ...(options.spelledLevels === undefined ? {} : { spelledLevels: options.spelledLevels }),
      });
    },
  };
}

/** Binance spot. */
export const BINANCE_SPOT = binanceVenue('spot', 'binance-spot', 'Binance spot');
/** Binance USD-M futures. */
export const BINANCE_USDM = binanceVenue('usdm', 'binance-usdm', 'Binance USD-M futures');
/** Binance COIN-M futures. */
export const BINANCE_COINM = binanceVenue('coinm', 'binance-coinm', 'Binance COIN-M futures');
