import { SnapshotError, type SymbolList } from '@lob/core';
import { getOnce, retryAfterMsOf, statusReason } from '@lob/connector-kit';
import { COINBASE_VENUE } from './coinbase-venue.js';

/** How the product listing reaches Coinbase's REST API. */
export interface ProductListingOptions {
  /** REST base URL: scheme, host and port (default COINBASE_VENUE.restUrl). */
  readonly baseUrl?: string;
  /** Header and body timeout (default 10 s). */
  readonly timeoutMs?: number;
}

/**
 * Lists every product whose `status` is `online` (GET /api/v3/brokerage/market/products, public, no key); any
 * failure is a typed SnapshotError, since a partial list would call real products unknown.
 */
export async function listCoinbaseProducts(options: ProductListingOptions, signal: AbortSignal): Promise<SymbolList> {
  const baseUrl = options.baseUrl ?? COINBASE_VENUE.restUrl;
  const { status, headers, text } = await getOnce(baseUrl, COINBASE_VENUE.productsPath, signal, options.timeoutMs);
  if (status !== 200) {
    throw new SnapshotError(statusReason(status), `products: HTTP ${status} ${text.slice(0, 200)}`, retryAfterMsOf(headers['retry-after']), status);
  }
  return { symbols: parseOnlineProducts(text) };
}

/** The product ids a `{"products":[{"product_id","status"},...]}` body lists as `online`. */
export function parseOnlineProducts(text: string): string[] {
  let body: { products?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new SnapshotError('malformed-body', 'products answer is not JSON');
  }
  if (typeof body !== 'object' || body === null || !Array.isArray(body.products)) throw new SnapshotError('malformed-body', 'products answer has no products list');
  const online: string[] = [];
  for (const entry of body.products as unknown[]) {
    const { product_id: id, status } = (entry ?? {}) as { product_id?: unknown; status?: unknown };
    if (typeof id === 'string' && status === 'online') online.push(id);
  }
  return online;
}
