import { decimalsOf, parseUnits } from './decimal.js';
import { BinanceSimError } from './errors.js';
import type { MarketRules } from './market.js';
import type { SimSymbolOptions } from './types.js';

/** How one generated symbol is priced and printed. Prices are integer ticks, quantities integer units. */
export interface SymbolSpec {
  readonly symbol: string;
  /** COIN-M pair (BTCUSD for BTCUSD_PERP); undefined elsewhere. */
  readonly pair: string | undefined;
  /** Decimals printed for prices (spot always 8, futures those of the tick size). */
  readonly priceDecimals: number;
  /** One tick in units of 10^-priceDecimals. */
  readonly tickUnits: number;
  /** Decimals printed for quantities (spot always 8, futures the lot decimals). */
  readonly qtyDecimals: number;
  readonly lotDecimals: number;
  /** One lot in units of 10^-qtyDecimals. */
  readonly lotUnits: bigint;
  /** Initial best bid, in ticks. */
  readonly midTick: number;
  readonly levelsPerSide: number;
}

const SYMBOL_PATTERN = /^[A-Z0-9][A-Z0-9_]{1,29}$/;
const DEFAULT_LEVELS = 2000;

function invalid(message: string): BinanceSimError {
  return new BinanceSimError('invalid-option', message);
}

function defaultMid(symbol: string): string {
  if (symbol.startsWith('BTC')) return '65000';
  if (symbol.startsWith('ETH')) return '3500';
  return '100';
}

/** Checks one symbol's options and turns them into integer pricing. */
export function buildSymbolSpec(options: SimSymbolOptions, rules: MarketRules): SymbolSpec {
  const { symbol } = options;
  if (typeof symbol !== 'string' || !SYMBOL_PATTERN.test(symbol)) {
    throw invalid(`symbol must be uppercase letters, digits and _ (got ${JSON.stringify(symbol)})`);
  }
  const levelsPerSide = options.levelsPerSide ?? DEFAULT_LEVELS;
  if (!Number.isInteger(levelsPerSide) || levelsPerSide < 1 || levelsPerSide > 100_000) {
    throw invalid(`${symbol}: levelsPerSide must be an integer in 1..100000`);
  }
  const tickSize = options.tickSize ?? rules.defaultTickSize;
  const tickDecimals = decimalsOf(tickSize);
  if (tickDecimals > 8) throw invalid(`${symbol}: tickSize has more than 8 decimals`);
  // Spot prints every price with 8 decimals; futures print the decimals of the tick size ("0.10" -> "61800.20").
  const priceDecimals = rules.futures ? tickDecimals : 8;
  const tickUnitsBig = parseUnits(tickSize, priceDecimals);
  if (tickUnitsBig === undefined || tickUnitsBig <= 0n) throw invalid(`${symbol}: bad tickSize ${tickSize}`);
  const tickUnits = Number(tickUnitsBig);

  const lotDecimals = options.lotDecimals ?? rules.defaultLotDecimals;
  if (!Number.isInteger(lotDecimals) || lotDecimals < 0 || lotDecimals > 8) {
    throw invalid(`${symbol}: lotDecimals must be an integer in 0..8`);
  }
  const qtyDecimals = rules.futures ? lotDecimals : 8;

  let midTick: number;
  if (options.midPrice !== undefined) {
    const midUnits = parseUnits(options.midPrice, priceDecimals);
    if (midUnits === undefined) throw invalid(`${symbol}: bad midPrice ${options.midPrice}`);
    midTick = Number(midUnits / tickUnitsBig);
    if (midTick < 2) throw invalid(`${symbol}: midPrice must be at least two ticks`);
  } else {
    const midUnits = parseUnits(defaultMid(symbol), priceDecimals) ?? 0n;
    // The default mid leaves room for the whole bid side above price zero.
    midTick = Math.max(Number(midUnits / tickUnitsBig), levelsPerSide * 12);
  }
  if (!Number.isSafeInteger(midTick * tickUnits * 4)) throw invalid(`${symbol}: midPrice too large`);

  const underscore = symbol.indexOf('_');
  const pair = rules.market === 'coinm' ? (underscore > 0 ? symbol.slice(0, underscore) : symbol) : undefined;
  return {
    symbol,
    pair,
    priceDecimals,
    tickUnits,
    qtyDecimals,
    lotDecimals,
    lotUnits: 10n ** BigInt(qtyDecimals - lotDecimals),
    midTick,
    levelsPerSide,
  };
}
