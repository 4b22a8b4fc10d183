import { decimalsOf, parseUnits } from './decimal.js';
import { ExchangeSimError } from './errors.js';

/** One generated symbol, as any venue's simulator is told about it. */
export interface SymbolOptions {
  /** The venue's own spelling, e.g. BTCUSDT, BTC-USDT-SWAP, BTC/USD. */
  symbol: string;
  /** Seed of this symbol's traffic (default: derived from the master seed and the symbol). */
  seed?: number;
  /** Initial true-book depth per side. */
  levelsPerSide?: number;
  /** Initial mid price as a decimal string. */
  midPrice?: string;
  /** Price tick as a decimal string, e.g. "0.01". */
  tickSize?: string;
  /** Decimals of the quantity step. */
  lotDecimals?: number;
}

/** What a venue decides about how its symbols are priced and printed. */
export interface SpecRules {
  /** Venue or market name; 'coinm' derives the pair of BTCUSD_PERP. */
  readonly market: string;
  /** True: prices print with the tick size's decimals and quantities with the lot's; false: both with 8 (Binance spot). */
  readonly futures: boolean;
  readonly defaultTickSize: string;
  readonly defaultLotDecimals: number;
  /** Allowed spellings of a symbol (default: uppercase letters, digits and _). */
  readonly symbolPattern?: RegExp;
  /** Initial depth per side when a symbol names none (default 2000). */
  readonly defaultLevelsPerSide?: number;
}

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

function invalid(message: string): ExchangeSimError {
  return new ExchangeSimError('invalid-option', message);
}

function defaultMid(symbol: string): string {
  if (symbol.startsWith('BTC')) return '65000';
  if (symbol.startsWith('ETH')) return '3500';
  return '100';
}

/** Checks one symbol's options and turns them into integer pricing. */
export function buildSymbolSpec(options: SymbolOptions, rules: SpecRules): SymbolSpec {
  const { symbol } = options;
  if (typeof symbol !== 'string' || !(rules.symbolPattern ?? SYMBOL_PATTERN).test(symbol)) {
    throw invalid(`symbol ${JSON.stringify(symbol)} is not spelled as ${rules.market} spells symbols`);
  }
  const levelsPerSide = options.levelsPerSide ?? rules.defaultLevelsPerSide ?? DEFAULT_LEVELS;
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
