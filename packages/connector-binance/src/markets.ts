import type { SequencingRules, WeightBudget } from '@lob/core';
import { futuresRules, spotRules } from './sequencing-rules.js';

/** The Binance markets lob supports, in the order they are offered to users. */
export const BINANCE_MARKET_NAMES = ['spot', 'usdm', 'coinm'] as const;
/** One of the Binance markets lob supports. */
export type BinanceMarket = (typeof BINANCE_MARKET_NAMES)[number];

/**
 * Everything that differs between Binance markets: the one place these rules are written down (the CLI and the
 * checks in market-checks.ts derive theirs from here).
 */
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
  /** Path (and query) of the exchange information endpoint that lists the market's symbols. */
  readonly exchangeInfoPath: string;
  /** Request weight of one exchangeInfo request. */
  readonly exchangeInfoWeight: number;
  /** Prefix before /stream and /ws (USD-M depth needs /public since 2026-04-23). */
  readonly streamPrefix: string;
  /** Snapshot limits the endpoint accepts, or undefined for any integer in [1, maxLimit]. */
  readonly allowedLimits: readonly number[] | undefined;
  readonly maxLimit: number;
  /** Levels per side asked of a snapshot unless configured otherwise. */
  readonly defaultSnapshotLimit: number;
  /** Request weight of one snapshot at a limit. */
  readonly snapshotWeight: (limit: number) => number;
  readonly weightBudget: WeightBudget;
  readonly maxStreamsPerConnection: number;
  /** Stream name suffix per update speed. */
  readonly speeds: Readonly<Record<string, string>>;
  readonly defaultSpeed: string;
  /** The shape of the market's symbols (uppercase), checked before anything connects. */
  readonly symbolPattern: RegExp;
  /** What a symbol of this market looks like, for error messages. */
  readonly symbolExample: string;
  /** Symbols kept when the user names none. */
  readonly defaultSymbols: readonly string[];
  readonly rules: SequencingRules;
}

// Binance's REST API refuses a `symbol` parameter outside ^[A-Z0-9-_.]{1,20}$ (its error -1100 quotes that range),
// so a longer name can never be snapshotted: 20 characters in all is the real maximum, not the 30 lob once allowed.
const symbolShape = (shape: string): RegExp => new RegExp(`^(?=[A-Z0-9_]{2,20}$)${shape}$`);

const futuresWeight = (limit: number): number => (limit <= 50 ? 2 : limit <= 100 ? 5 : limit <= 500 ? 10 : 20);
// Futures depth accepts exactly these limits (Binance docs: 5, 10, 20, 50, 100, 500, 1000).
const FUTURES_LIMITS = [5, 10, 20, 50, 100, 500, 1000] as const;
// The documented futures diff-depth speeds are 100ms, 250ms (the bare stream) and 500ms. An `@depth@0ms` stream is
// not in Binance's docs; undocumented streams can vanish without notice, so lob does not offer it.
const FUTURES_SPEEDS = { '100ms': '@depth@100ms', '250ms': '@depth', '500ms': '@depth@500ms' };

/** What USD-M and COIN-M share: limits, weights, budget and sequencing. */
const FUTURES_COMMON = {
  allowedLimits: FUTURES_LIMITS,
  maxLimit: 1000,
  defaultSnapshotLimit: 1000,
  snapshotWeight: futuresWeight,
  exchangeInfoWeight: 1,
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
    // Weight 20 whatever the parameters; these two shrink the answer from megabytes to the symbols that trade.
    exchangeInfoPath: '/api/v3/exchangeInfo?symbolStatus=TRADING&showPermissionSets=false',
    exchangeInfoWeight: 20,
    streamPrefix: '',
    // Spot depth takes any integer from 1 to 5000.
    allowedLimits: undefined,
    maxLimit: 5000,
    defaultSnapshotLimit: 1000,
    snapshotWeight: (limit) => (limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250),
    weightBudget: { limit: 6000, windowMs: 60_000 },
    maxStreamsPerConnection: 1024,
    // Spot documents <symbol>@depth (1000 ms) and <symbol>@depth@100ms only.
    speeds: { '100ms': '@depth@100ms', '1000ms': '@depth' },
    defaultSpeed: '100ms',
    // Spot symbols never carry an underscore.
    symbolPattern: symbolShape('[A-Z0-9]+'),
    symbolExample: 'BTCUSDT',
    defaultSymbols: ['BTCUSDT', 'ETHUSDT'],
    rules: spotRules,
  },
  usdm: {
    ...FUTURES_COMMON,
    market: 'usdm',
    restUrl: 'https://fapi.binance.com',
    wsUrl: 'wss://fstream.binance.com',
    depthPath: '/fapi/v1/depth',
    pingPath: '/fapi/v1/ping',
    exchangeInfoPath: '/fapi/v1/exchangeInfo',
    streamPrefix: '/public',
    // Perpetuals as on spot; delivery contracts end in _YYMMDD.
    symbolPattern: symbolShape('[A-Z0-9]+(_[0-9]{6})?'),
    symbolExample: 'BTCUSDT or BTCUSDT_260626',
    defaultSymbols: ['BTCUSDT', 'ETHUSDT'],
  },
  coinm: {
    ...FUTURES_COMMON,
    market: 'coinm',
    restUrl: 'https://dapi.binance.com',
    wsUrl: 'wss://dstream.binance.com',
    depthPath: '/dapi/v1/depth',
    pingPath: '/dapi/v1/ping',
    exchangeInfoPath: '/dapi/v1/exchangeInfo',
    streamPrefix: '',
    // Every COIN-M symbol ends in _PERP or _YYMMDD.
    symbolPattern: symbolShape('[A-Z0-9]+_(PERP|[0-9]{6})'),
    symbolExample: 'BTCUSD_PERP or BTCUSD_260626',
    defaultSymbols: ['BTCUSD_PERP', 'ETHUSD_PERP'],
  },
};

/** True when `market` names a Binance market lob supports. */
export function isBinanceMarket(market: string): market is BinanceMarket {
  return Object.hasOwn(BINANCE_MARKETS, market);
}
