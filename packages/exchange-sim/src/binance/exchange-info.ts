import type { MarketRules } from './market-rules.js';

// Quote assets Binance lists, longest first so FDUSD wins over USD and USDT over USD.
const QUOTES = ['FDUSD', 'USDT', 'USDC', 'TUSD', 'BUSD', 'EUR', 'TRY', 'BRL', 'JPY', 'BTC', 'ETH', 'BNB', 'USD'];

/** Splits a pair such as BTCUSDT into base and quote asset (the whole name as base when no quote fits). */
function assets(pair: string): { base: string; quote: string } {
  const quote = QUOTES.find((q) => pair.length > q.length && pair.endsWith(q));
  return quote === undefined ? { base: pair, quote: '' } : { base: pair.slice(0, -quote.length), quote };
}

/** One symbol's entry: the fields clients read, in Binance's order, for the market's flavour. */
function symbolEntry(rules: MarketRules, symbol: string): Record<string, string> {
  const underscore = symbol.indexOf('_');
  const pair = underscore > 0 ? symbol.slice(0, underscore) : symbol;
  const { base, quote } = assets(pair);
  if (rules.market === 'spot') return { symbol, status: 'TRADING', baseAsset: base, quoteAsset: quote };
  const contractType = underscore > 0 && !symbol.endsWith('_PERP') ? 'CURRENT_QUARTER' : 'PERPETUAL';
  if (rules.market === 'usdm') return { symbol, pair, contractType, status: 'TRADING', baseAsset: base, quoteAsset: quote, marginAsset: quote };
  // COIN-M reports the contract's state as contractStatus and margins in the base asset.
  return { symbol, pair, contractType, contractStatus: 'TRADING', baseAsset: base, quoteAsset: quote, marginAsset: base };
}

/**
 * The body of `GET <prefix>/exchangeInfo`: minimal but shaped as Binance's (timezone, serverTime, rateLimits,
 * exchangeFilters, symbols), every listed symbol trading.
 */
export function formatExchangeInfo(rules: MarketRules, symbols: readonly string[], weightLimit: number, now: number): string {
  return JSON.stringify({
    timezone: 'UTC',
    serverTime: now,
    rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: weightLimit }],
    exchangeFilters: [],
    symbols: symbols.map((symbol) => symbolEntry(rules, symbol)),
  });
}
