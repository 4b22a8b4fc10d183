import type { SimMarket } from './types.js';

/** The protocol differences between Binance's three market-data APIs. */
export interface MarketRules {
  readonly market: SimMarket;
  readonly futures: boolean;
  /** REST prefix, e.g. /api/v3. */
  readonly restPrefix: string;
  /** WebSocket route prefixes accepted before /ws and /stream ('' = none). */
  readonly wsPrefixes: readonly string[];
  /** `limit` used when the request has none. */
  readonly defaultLimit: number;
  /** Weight of a depth request, or undefined when the limit is not allowed. */
  weightFor(limit: number): number | undefined;
  /** Suffixes allowed after `<sym>@depth`. */
  readonly depthSpeeds: readonly string[];
  readonly defaultWeightLimit: number;
  /** Weight of one exchangeInfo request. */
  readonly exchangeInfoWeight: number;
  readonly maxStreamsPerConnection: number;
  readonly maxIncomingPerSecond: number;
  readonly defaultTickSize: string;
  readonly defaultLotDecimals: number;
  readonly defaultSymbols: readonly string[];
}

const FUTURES_WEIGHTS = new Map<number, number>([
  [5, 2],
  [10, 2],
  [20, 2],
  [50, 2],
  [100, 5],
  [500, 10],
  [1000, 20],
]);

function spotWeight(limit: number): number | undefined {
  if (!Number.isInteger(limit) || limit < 1 || limit > 5000) return undefined;
  if (limit <= 100) return 5;
  if (limit <= 500) return 25;
  if (limit <= 1000) return 50;
  return 250;
}

const SPOT: MarketRules = {
  market: 'spot',
  futures: false,
  restPrefix: '/api/v3',
  wsPrefixes: [''],
  defaultLimit: 100,
  weightFor: spotWeight,
  // Spot documents only <sym>@depth (1000 ms) and <sym>@depth@100ms.
  depthSpeeds: ['', '@100ms'],
  defaultWeightLimit: 6000,
  exchangeInfoWeight: 20,
  maxStreamsPerConnection: 1024,
  maxIncomingPerSecond: 5,
  defaultTickSize: '0.01',
  defaultLotDecimals: 5,
  defaultSymbols: ['BTCUSDT', 'ETHUSDT'],
};

const FUTURES_COMMON = {
  futures: true,
  defaultLimit: 500,
  weightFor: (limit: number) => FUTURES_WEIGHTS.get(limit),
  depthSpeeds: ['', '@0ms', '@100ms', '@250ms', '@500ms'],
  defaultWeightLimit: 2400,
  exchangeInfoWeight: 1,
  // 200 is the safe figure of BINANCE.md (the docs disagree between 200 and 1024).
  maxStreamsPerConnection: 200,
  maxIncomingPerSecond: 10,
} as const;

const USDM: MarketRules = {
  ...FUTURES_COMMON,
  market: 'usdm',
  restPrefix: '/fapi/v1',
  // Depth moved to /public on 2026-04-23; the old route is still accepted so older clients work.
  wsPrefixes: ['/public', ''],
  defaultTickSize: '0.10',
  defaultLotDecimals: 3,
  defaultSymbols: ['BTCUSDT', 'ETHUSDT'],
};

const COINM: MarketRules = {
  ...FUTURES_COMMON,
  market: 'coinm',
  restPrefix: '/dapi/v1',
  wsPrefixes: [''],
  defaultTickSize: '0.1',
  defaultLotDecimals: 0,
  defaultSymbols: ['BTCUSD_PERP', 'ETHUSD_PERP'],
};

/** The rules of one market. */
export function marketRules(market: SimMarket): MarketRules {
  switch (market) {
    case 'spot':
      return SPOT;
    case 'usdm':
      return USDM;
    case 'coinm':
      return COINM;
  }
}

/** True for the three market names. */
export function isSimMarket(value: unknown): value is SimMarket {
  return value === 'spot' || value === 'usdm' || value === 'coinm';
}
