/** Bybit's v5 categories with a public order book stream (one WebSocket endpoint each). */
export type BybitCategory = 'spot' | 'linear' | 'inverse';

/** Every Bybit category the simulator serves. */
export const BYBIT_CATEGORIES: readonly BybitCategory[] = ['spot', 'linear', 'inverse'];

/** One Bybit instrument as `--demo` and tests can list it: symbol, coins, a plausible price, tick and lot step. */
export interface BybitListing {
  readonly symbol: string;
  readonly baseCoin: string;
  readonly quoteCoin: string;
  /** A plausible mid price (2025), as a decimal string. */
  readonly midPrice: string;
  /** Bybit `priceFilter.tickSize`. */
  readonly tickSize: string;
  /** Bybit `lotSizeFilter.basePrecision` (spot) or `qtyStep` (linear, inverse): a power of ten. */
  readonly lotSize: string;
}

/**
 * A sample of real Bybit instruments per category (widely traded ones, 2025) with their tick and lot steps, so a
 * simulated Bybit knows which symbols exist. Not a complete or current listing.
 */
export const BYBIT_SAMPLE_LISTINGS: Readonly<Record<BybitCategory, readonly BybitListing[]>> = {
  spot: [
    { symbol: 'BTCUSDT', baseCoin: 'BTC', quoteCoin: 'USDT', midPrice: '65000', tickSize: '0.01', lotSize: '0.000001' },
    { symbol: 'ETHUSDT', baseCoin: 'ETH', quoteCoin: 'USDT', midPrice: '3500', tickSize: '0.01', lotSize: '0.00001' },
    { symbol: 'SOLUSDT', baseCoin: 'SOL', quoteCoin: 'USDT', midPrice: '150', tickSize: '0.01', lotSize: '0.001' },
    { symbol: 'XRPUSDT', baseCoin: 'XRP', quoteCoin: 'USDT', midPrice: '0.6', tickSize: '0.0001', lotSize: '0.01' },
    { symbol: 'ETHBTC', baseCoin: 'ETH', quoteCoin: 'BTC', midPrice: '0.054', tickSize: '0.000001', lotSize: '0.00001' },
  ],
  linear: [
    { symbol: 'BTCUSDT', baseCoin: 'BTC', quoteCoin: 'USDT', midPrice: '65000', tickSize: '0.10', lotSize: '0.001' },
    { symbol: 'ETHUSDT', baseCoin: 'ETH', quoteCoin: 'USDT', midPrice: '3500', tickSize: '0.01', lotSize: '0.01' },
    { symbol: 'SOLUSDT', baseCoin: 'SOL', quoteCoin: 'USDT', midPrice: '150', tickSize: '0.010', lotSize: '0.1' },
    { symbol: 'DOGEUSDT', baseCoin: 'DOGE', quoteCoin: 'USDT', midPrice: '0.15', tickSize: '0.00001', lotSize: '1' },
    { symbol: 'BTCPERP', baseCoin: 'BTC', quoteCoin: 'USDC', midPrice: '65000', tickSize: '0.5', lotSize: '0.001' },
  ],
  inverse: [
    { symbol: 'BTCUSD', baseCoin: 'BTC', quoteCoin: 'USD', midPrice: '65000', tickSize: '0.50', lotSize: '1' },
    { symbol: 'ETHUSD', baseCoin: 'ETH', quoteCoin: 'USD', midPrice: '3500', tickSize: '0.05', lotSize: '1' },
    { symbol: 'SOLUSD', baseCoin: 'SOL', quoteCoin: 'USD', midPrice: '150', tickSize: '0.010', lotSize: '1' },
  ],
};

/** The sample listing of a symbol in a category, if it is one. */
export function bybitSampleListing(category: BybitCategory, symbol: string): BybitListing | undefined {
  return BYBIT_SAMPLE_LISTINGS[category].find((l) => l.symbol === symbol);
}
