import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CoinbaseListing } from './coinbase-listings.js';

/** One product as `GET /api/v3/brokerage/market/products` lists it (the fields clients read, in Coinbase's order). */
function productEntry(l: CoinbaseListing): Record<string, unknown> {
  return {
    product_id: l.productId,
    price: l.midPrice,
    price_percentage_change_24h: '0',
    volume_24h: '0',
    base_increment: l.baseIncrement,
    quote_increment: l.quoteIncrement,
    quote_min_size: '1',
    quote_max_size: '150000000',
    base_min_size: l.baseIncrement,
    base_max_size: '100000000',
    base_name: l.baseCurrency,
    quote_name: l.quoteCurrency,
    status: 'online',
    cancel_only: false,
    limit_only: false,
    post_only: false,
    trading_disabled: false,
    product_type: 'SPOT',
    quote_currency_id: l.quoteCurrency,
    base_currency_id: l.baseCurrency,
    price_increment: l.quoteIncrement,
    display_name: l.productId,
    product_venue: 'CBE',
  };
}

function reply(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Coinbase's public market REST, as far as a book client needs it: the product list (all of it, one page). */
export function coinbaseRest(listings: readonly CoinbaseListing[]): (req: IncomingMessage, res: ServerResponse, url: URL) => void {
  return (req, res, url) => {
    if (req.method !== 'GET' || url.pathname !== '/api/v3/brokerage/market/products') {
      reply(res, 404, '{"error":"NOT_FOUND","message":"Not Found"}');
      return;
    }
    const ids = url.searchParams.getAll('product_ids');
    const products = listings.filter((l) => ids.length === 0 || ids.includes(l.productId)).map(productEntry);
    reply(res, 200, JSON.stringify({ products, num_products: products.length }));
  };
}
