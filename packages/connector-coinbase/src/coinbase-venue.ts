import { ConfigError, type DepthWindow } from '@lob/core';

/** What lob relies on about Coinbase Advanced Trade's public market data (docs.cdp.coinbase.com, Advanced Trade API). */
export const COINBASE_VENUE = {
  /** Public REST base (the `market` endpoints need no authentication). */
  restUrl: 'https://api.coinbase.com',
  /** Public market-data WebSocket. */
  wsUrl: 'wss://advanced-trade-ws.coinbase.com',
  /** Every public product, with its trading status. */
  productsPath: '/api/v3/brokerage/market/products',
  /** The channel subscribed for books; its messages come back with `channel: "l2_data"`. */
  bookChannel: 'level2',
  bookMessageChannel: 'l2_data',
  /** One message a second on the connection: Coinbase closes channels quiet for 60 to 90 s without it. */
  heartbeatChannel: 'heartbeats',
  /** Level2 is full depth: Coinbase keeps the whole book, nothing for the client to trim. */
  depthWindow: { kind: 'exchange-maintained' } as DepthWindow,
  /**
   * Books per connection by default: a level2 snapshot is up to 5 MB (BTC-USD), and a connection-sequence gap
   * resubscribes every book on the connection, so a connection carries few.
   */
  defaultMaxProductsPerConnection: 10,
  /** Unauthenticated messages a client may send, per IP (Advanced Trade WebSocket rate limits: 8 a second). */
  messageBudget: { limit: 8, windowMs: 1_000 },
} as const;

// A Coinbase product id: base and quote in capitals joined by a dash (BTC-USD, ETH-USDC, 00-USD).
const PRODUCT_ID = /^[A-Z0-9]{1,20}-[A-Z0-9]{1,20}$/;

/** A user's spelling of a product ("btc-usd", " BTC-USD ") → Coinbase's ("BTC-USD"); ConfigError on another shape. */
export function normalizeProductId(symbol: string): string {
  const id = symbol.trim().toUpperCase();
  if (!PRODUCT_ID.test(id)) {
    throw new ConfigError('invalid-value', `${JSON.stringify(symbol)} is not a Coinbase product id such as BTC-USD`, { key: 'symbols' });
  }
  return id;
}
