import type { IncomingMessage, ServerResponse } from 'node:http';
import { decimalsOf } from '../market/decimal.js';
import { BYBIT_CATEGORIES, type BybitCategory, type BybitListing } from './bybit-listings.js';

/** A fixed launch time (2020-03-01): the field is there, its value matters to no client. */
const LAUNCH_TIME = '1583020800000';

/** One instrument as `GET /v5/market/instruments-info` lists it in its category (the fields clients read). */
function instrumentEntry(category: BybitCategory, l: BybitListing): Record<string, unknown> {
  if (category === 'spot') {
    return {
      symbol: l.symbol,
      baseCoin: l.baseCoin,
      quoteCoin: l.quoteCoin,
      innovation: '0',
      status: 'Trading',
      marginTrading: 'both',
      lotSizeFilter: { basePrecision: l.lotSize, quotePrecision: '0.00000001', minOrderQty: l.lotSize, maxOrderQty: '10000', minOrderAmt: '1', maxOrderAmt: '2000000' },
      priceFilter: { tickSize: l.tickSize },
    };
  }
  return {
    symbol: l.symbol,
    contractType: category === 'linear' ? 'LinearPerpetual' : 'InversePerpetual',
    status: 'Trading',
    baseCoin: l.baseCoin,
    quoteCoin: l.quoteCoin,
    launchTime: LAUNCH_TIME,
    deliveryTime: '0',
    deliveryFeeRate: '',
    priceScale: String(decimalsOf(l.tickSize)),
    leverageFilter: { minLeverage: '1', maxLeverage: '100.00', leverageStep: '0.01' },
    priceFilter: { minPrice: l.tickSize, maxPrice: '1999999.00', tickSize: l.tickSize },
    lotSizeFilter: { maxOrderQty: '1000000', minOrderQty: l.lotSize, qtyStep: l.lotSize, postOnlyMaxOrderQty: '1000000' },
    unifiedMarginTrade: true,
    fundingInterval: 480,
    settleCoin: category === 'linear' ? l.quoteCoin : l.baseCoin,
  };
}

function reply(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function retError(retCode: number, retMsg: string): string {
  return JSON.stringify({ retCode, retMsg, result: {}, retExtInfo: {}, time: Date.now() });
}

/** Bybit's v5 market REST, as far as a book client needs it: the instruments of the simulator's category, in one page. */
export function bybitRest(category: BybitCategory, listings: readonly BybitListing[]): (req: IncomingMessage, res: ServerResponse, url: URL) => void {
  return (req, res, url) => {
    if (req.method !== 'GET' || url.pathname !== '/v5/market/instruments-info') {
      reply(res, 404, '{"retCode":404,"retMsg":"Not Found"}');
      return;
    }
    const asked = url.searchParams.get('category');
    if (asked === null || !BYBIT_CATEGORIES.includes(asked as BybitCategory)) {
      reply(res, 200, retError(10001, 'Illegal category'));
      return;
    }
    const symbol = url.searchParams.get('symbol');
    // One simulator serves one category: the others list nothing.
    const list = asked === category ? listings.filter((l) => symbol === null || l.symbol === symbol).map((l) => instrumentEntry(category, l)) : [];
    const body = { retCode: 0, retMsg: 'OK', result: { category: asked, list, nextPageCursor: '' }, retExtInfo: {}, time: Date.now() };
    reply(res, 200, JSON.stringify(body));
  };
}
