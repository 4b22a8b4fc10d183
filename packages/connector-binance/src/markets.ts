import type { SequencingRules, WeightBudget } from '@lob/core';
import { futuresRules, spotRules } from './sequencing-rules.js';

/** The Binance markets lob supports. */
export type BinanceMarket = 'spot' | 'usdm' | 'coinm';

/** Everything that differs between Binance markets. */
export interface BinanceMarketSpec {
  readonly market: BinanceMarket;
  /** Live REST base URL. */
  readonly restUrl: string;
  /** Live WebSocket base URL. */
  readonly wsUrl: string;
  /** Path of the depth snapshot endpoint. */
  readonly depthPath: string;
  /** Path of the ping endpoint (weight 1): the cheapest answer carrying the used-weight figure and the clock. */
  readonly pingPath: string;
  /** Prefix before /stream and /ws (USD-M depth needs /public since 2026-04-23). */
  readonly streamPrefix: string;
  /** Snapshot limits the endpoint accepts, or undefined for any integer in [1, maxLimit]. */
  readonly allowedLimits: readonly number[] | undefined;
  readonly maxLimit: number;
  /** Request weight of one snapshot at a limit. */
  readonly snapshotWeight: (limit: number) => number;
  readonly weightBudget: WeightBudget;
  readonly maxStreamsPerConnection: number;
  /** Stream name suffix per update speed. */
  readonly speeds: Readonly<Record<string, string>>;
  readonly defaultSpeed: string;
  readonly symbolPattern: RegExp;
  readonly rules: SequencingRules;
}

const futuresWeight = (limit: number): number => (limit <= 50 ? 2 : limit <= 100 ? 5 : limit <= 500 ? 10 : 20);
const FUTURES_LIMITS = [5, 10, 20, 50, 100, 500, 1000] as const;
const FUTURES_SPEEDS = { '100ms': '@depth@100ms', '250ms': '@depth', '500ms': '@depth@500ms', '0ms': '@depth@0ms' };

/** What USD-M and COIN-M share: limits, weights, budget and sequencing. */
const FUTURES_COMMON = {
  allowedLimits: FUTURES_LIMITS,
  maxLimit: 1000,
  snapshotWeight: futuresWeight,
  // BINANCE.md marks 2400 as unsettled: the safe side, overridable.
  weightBudget: { limit: 2400, windowMs: 60_000 },
  // 200 or 1024 streams per connection is unsettled too: 200 is safe.
  maxStreamsPerConnection: 200,
  speeds: FUTURES_SPEEDS,
  defaultSpeed: '100ms',
  rules: futuresRules,
} as const;

/** Binance's documented endpoints and limits per market (BINANCE.md); the live endpoints are the defaults. */
export const BINANCE_MARKETS: Readonly<Record<BinanceMarket, BinanceMarketSpec>> = {
  spot: {
    market: 'spot',
    restUrl: 'https://api.binance.com',
    wsUrl: 'wss://stream.binance.com:9443',
    depthPath: '/api/v3/depth',
    pingPath: '/api/v3/ping',
    streamPrefix: '',
    allowedLimits: undefined,
    maxLimit: 5000,
    snapshotWeight: (limit) => (limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250),
    weightBudget: { limit: 6000, windowMs: 60_000 },
    maxStreamsPerConnection: 1024,
    speeds: { '100ms': '@depth@100ms', '1000ms': '@depth' },
    defaultSpeed: '100ms',
    symbolPattern: /^[A-Z0-9]{2,30}$/,
    rules: spotRules,
  },
  usdm: {
    ...FUTURES_COMMON,
    market: 'usdm',
    restUrl: 'https://fapi.binance.com',
    wsUrl: 'wss://fstream.binance.com',
    depthPath: '/fapi/v1/depth',
    pingPath: '/fapi/v1/ping',
    streamPrefix: '/public',
    symbolPattern: /^[A-Z0-9]{2,30}(_[0-9]{6})?$/,
  },
  coinm: {
    ...FUTURES_COMMON,
    market: 'coinm',
    restUrl: 'https://dapi.binance.com',
    wsUrl: 'wss://dstream.binance.com',
    depthPath: '/dapi/v1/depth',
    pingPath: '/dapi/v1/ping',
    streamPrefix: '',
    symbolPattern: /^[A-Z0-9]{2,30}_(PERP|[0-9]{6})$/,
  },
};

/** True when `market` names a Binance market lob supports. */
export function isBinanceMarket(market: string): market is BinanceMarket {
  return Object.hasOwn(BINANCE_MARKETS, market);
}
