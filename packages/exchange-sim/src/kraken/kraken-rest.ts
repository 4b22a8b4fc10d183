import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KrakenListing } from './kraken-listings.js';

/** One pair as `GET /0/public/AssetPairs` lists it (the fields clients read, in Kraken's order). */
function pairEntry(l: KrakenListing): Record<string, unknown> {
  const tick = l.pairDecimals === 0 ? '1' : `0.${'0'.repeat(l.pairDecimals - 1)}1`;
  return {
    altname: l.altname,
    wsname: l.wsname,
    aclass_base: 'currency',
    base: l.base,
    aclass_quote: 'currency',
    quote: l.quote,
    lot: 'unit',
    cost_decimals: 5,
    pair_decimals: l.pairDecimals,
    lot_decimals: l.lotDecimals,
    lot_multiplier: 1,
    ordermin: '0.0001',
    tick_size: tick,
    status: 'online',
  };
}

function reply(res: ServerResponse, body: string): void {
  // Kraken answers errors with 200 and a non-empty `error` list.
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Kraken's public REST, as far as a book client needs it: AssetPairs, all or `?pair=` a comma-separated few. */
export function krakenRest(listings: readonly KrakenListing[]): (req: IncomingMessage, res: ServerResponse, url: URL) => void {
  return (req, res, url) => {
    if (req.method !== 'GET' || url.pathname !== '/0/public/AssetPairs') {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"error":["EGeneral:Unknown method"]}');
      return;
    }
    const wanted = url.searchParams.get('pair');
    let chosen = listings;
    if (wanted !== null) {
      const names = wanted.split(',');
      chosen = listings.filter((l) => names.some((n) => n === l.altname || n === l.restKey || n === l.wsname || n === l.symbol));
      if (chosen.length < names.length) {
        reply(res, '{"error":["EQuery:Unknown asset pair"]}');
        return;
      }
    }
    reply(res, JSON.stringify({ error: [], result: Object.fromEntries(chosen.map((l) => [l.restKey, pairEntry(l)])) }));
  };
}
