import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OkxInstType, OkxListing } from './okx-listings.js';

const INST_TYPES: readonly string[] = ['SPOT', 'MARGIN', 'SWAP', 'FUTURES', 'OPTION'];
/** A fixed listing time (2019-12-31): the field is there, its value matters to no client. */
const LIST_TIME = '1577750400000';

/** The YYMMDD of a dated instId as OKX's expiry time (08:00 UTC on that day), in ms. */
function expiry(instId: string): string {
  const date = instId.split('-')[2] ?? '';
  return String(Date.UTC(2000 + Number(date.slice(0, 2)), Number(date.slice(2, 4)) - 1, Number(date.slice(4, 6)), 8));
}

/** One instrument as `GET /api/v5/public/instruments` lists it (the fields clients read, in OKX's order). */
function instrumentEntry(listing: OkxListing): Record<string, string> {
  const [base = '', quote = ''] = listing.instId.split('-');
  const derivative = listing.instType !== 'SPOT';
  // USD-margined (inverse) contracts settle in the base currency and are worth USD; linear ones settle in the quote.
  const inverse = derivative && quote === 'USD';
  return {
    instType: listing.instType,
    instId: listing.instId,
    uly: derivative ? `${base}-${quote}` : '',
    instFamily: derivative ? `${base}-${quote}` : '',
    baseCcy: derivative ? '' : base,
    quoteCcy: derivative ? '' : quote,
    settleCcy: derivative ? (inverse ? base : quote) : '',
    ctVal: listing.contractValue ?? '',
    ctMult: derivative ? '1' : '',
    ctValCcy: derivative ? (inverse ? quote : base) : '',
    ctType: derivative ? (inverse ? 'inverse' : 'linear') : '',
    alias: listing.instType === 'FUTURES' ? 'quarter' : '',
    listTime: LIST_TIME,
    expTime: listing.instType === 'FUTURES' ? expiry(listing.instId) : '',
    lever: derivative ? '100' : '10',
    tickSz: listing.tickSize,
    lotSz: listing.lotSize,
    minSz: listing.lotSize,
    state: 'live',
  };
}

function reply(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** The underlyings (instrument families) of one derivative type, as `GET /api/v5/public/underlying` lists them. */
function underlyings(listings: readonly OkxListing[], instType: string): string[] {
  const families = listings.filter((l) => l.instType === instType && l.instType !== 'SPOT').map((l) => instrumentEntry(l).uly as string);
  return [...new Set(families)];
}

/**
 * OKX's public REST, as far as a book client needs it: the instrument list of one type, and the underlyings of a
 * derivative type (a client listing options asks for them first: OKX lists options only family by family; the
 * simulator has none, so OPTION's list is empty).
 */
export function okxRest(listings: readonly OkxListing[]): (req: IncomingMessage, res: ServerResponse, url: URL) => void {
  return (req, res, url) => {
    if (req.method === 'GET' && url.pathname === '/api/v5/public/underlying') {
      const instType = url.searchParams.get('instType');
      if (instType !== 'SWAP' && instType !== 'FUTURES' && instType !== 'OPTION') {
        reply(res, 400, '{"code":"51000","msg":"Parameter instType error","data":[]}');
        return;
      }
      // OKX wraps the list in a one-element array.
      reply(res, 200, JSON.stringify({ code: '0', msg: '', data: [underlyings(listings, instType)] }));
      return;
    }
    if (req.method !== 'GET' || url.pathname !== '/api/v5/public/instruments') {
      reply(res, 404, '{"msg":"Not Found","code":"404"}');
      return;
    }
    const instType = url.searchParams.get('instType');
    if (instType === null || instType === '') {
      reply(res, 400, '{"code":"50014","msg":"Parameter instType can not be empty.","data":[]}');
      return;
    }
    if (!INST_TYPES.includes(instType)) {
      reply(res, 400, '{"code":"51000","msg":"Parameter instType error","data":[]}');
      return;
    }
    const instId = url.searchParams.get('instId');
    const data = listings
      .filter((l) => l.instType === (instType as OkxInstType) && (instId === null || l.instId === instId))
      .map(instrumentEntry);
    reply(res, 200, JSON.stringify({ code: '0', msg: '', data }));
  };
}
