export { createBinanceConnector, type BinanceConnector, type BinanceConnectorOptions } from './binance-connector.js';
export { BINANCE_MARKETS, BINANCE_MARKET_NAMES, isBinanceMarket, type BinanceMarket, type BinanceMarketSpec } from './markets.js';
export { checkEndpointUrl, checkSnapshotLimit, checkSymbol, URL_PROTOCOLS } from './market-checks.js';
export { spotRules, futuresRules } from './sequencing-rules.js';
export { decodeFrame, symbolHint } from './frame-decoder.js';
export { scanDepthFrame } from './frame-scanner.js';
export { SnapshotClient, type SnapshotClientOptions } from './snapshot-client.js';
export { fetchTradingSymbols, parseTradingSymbols, type ExchangeInfoClientOptions } from './exchange-info-client.js';
export { openCombinedStream, combinedStreamPlan, type StreamClientOptions } from './stream-client.js';
export { HandshakeError } from '@lob/connector-kit';

import { BINANCE_MARKETS, type BinanceMarket } from './markets.js';
/** The live endpoints per market: what users get unless they override them. */
export const BINANCE_DEFAULTS: Readonly<Record<BinanceMarket, { restUrl: string; wsUrl: string }>> = {
  spot: { restUrl: BINANCE_MARKETS.spot.restUrl, wsUrl: BINANCE_MARKETS.spot.wsUrl },
  usdm: { restUrl: BINANCE_MARKETS.usdm.restUrl, wsUrl: BINANCE_MARKETS.usdm.wsUrl },
  coinm: { restUrl: BINANCE_MARKETS.coinm.restUrl, wsUrl: BINANCE_MARKETS.coinm.wsUrl },
};
