/** One Coinbase product as `--demo` and tests can list it: id, currencies, a plausible price, tick and lot. */
export interface CoinbaseListing {
  /** Coinbase's product_id, e.g. BTC-USD. */
  readonly productId: string;
  readonly baseCurrency: string;
  readonly quoteCurrency: string;
  /** A plausible mid price (2025), as a decimal string. */
  readonly midPrice: string;
  /** Coinbase `quote_increment` (the price tick). */
  readonly quoteIncrement: string;
  /** Coinbase `base_increment` (the size step, a power of ten). */
  readonly baseIncrement: string;
}

/**
 * A sample of real Coinbase Advanced Trade spot products (widely traded ones, 2025) with their increments, so a
 * simulated Coinbase knows which product ids exist. Not a complete or current listing.
 */
export const COINBASE_SAMPLE_LISTINGS: readonly CoinbaseListing[] = [
  { productId: 'BTC-USD', baseCurrency: 'BTC', quoteCurrency: 'USD', midPrice: '65000', quoteIncrement: '0.01', baseIncrement: '0.00000001' },
  { productId: 'ETH-USD', baseCurrency: 'ETH', quoteCurrency: 'USD', midPrice: '3500', quoteIncrement: '0.01', baseIncrement: '0.00000001' },
  { productId: 'SOL-USD', baseCurrency: 'SOL', quoteCurrency: 'USD', midPrice: '150', quoteIncrement: '0.01', baseIncrement: '0.00000001' },
  { productId: 'XRP-USD', baseCurrency: 'XRP', quoteCurrency: 'USD', midPrice: '0.6', quoteIncrement: '0.0001', baseIncrement: '0.000001' },
  { productId: 'DOGE-USD', baseCurrency: 'DOGE', quoteCurrency: 'USD', midPrice: '0.15', quoteIncrement: '0.00001', baseIncrement: '0.1' },
  { productId: 'BTC-EUR', baseCurrency: 'BTC', quoteCurrency: 'EUR', midPrice: '60000', quoteIncrement: '0.01', baseIncrement: '0.00000001' },
  { productId: 'ETH-BTC', baseCurrency: 'ETH', quoteCurrency: 'BTC', midPrice: '0.054', quoteIncrement: '0.00001', baseIncrement: '0.00000001' },
  { productId: 'BTC-USDT', baseCurrency: 'BTC', quoteCurrency: 'USDT', midPrice: '65000', quoteIncrement: '0.01', baseIncrement: '0.00000001' },
];

/** The sample listing of a product, if it is one. */
export function coinbaseSampleListing(productId: string): CoinbaseListing | undefined {
  return COINBASE_SAMPLE_LISTINGS.find((l) => l.productId === productId);
}
