import { SnapshotError, type SymbolList } from '@lob/core';
import { getOnce } from '@lob/connector-kit';
import { BYBIT_VENUE, type BybitCategory } from './bybit-venue.js';
import { bybitAnswerError } from './rest-errors.js';

/** Where and how long to ask. */
export interface SymbolListingOptions {
  readonly baseUrl: string;
  readonly category: BybitCategory;
  readonly timeoutMs?: number | undefined;
  /** Most pages followed before the listing is refused as endless (default 100: 100 000 instruments). */
  readonly maxPages?: number;
}

/** One page of the instruments list. */
export interface InstrumentsPage {
  /** Symbols whose `status` is `Trading`. */
  readonly trading: string[];
  /** `nextPageCursor`, when more pages follow. */
  readonly cursor: string | undefined;
}

/** The request path of one page. */
export function instrumentsPath(category: BybitCategory, cursor?: string): string {
  const query = new URLSearchParams({ category, limit: String(BYBIT_VENUE.limits.instrumentsPageLimit) });
  if (cursor !== undefined) query.set('cursor', cursor);
  return `/v5/market/instruments-info?${query.toString()}`;
}

/**
 * Every symbol of the category whose status is `Trading` (GET /v5/market/instruments-info), following
 * `nextPageCursor` page by page (linear and inverse paginate; spot answers in one page). Any failure, including an
 * HTTP 200 whose `retCode` is not 0, rejects the whole list with a SnapshotError: a partial list would call real
 * symbols unknown.
 */
export async function listBybitSymbols(options: SymbolListingOptions, signal: AbortSignal): Promise<SymbolList> {
  const maxPages = options.maxPages ?? 100;
  const symbols: string[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= maxPages) throw new SnapshotError('malformed-body', `instruments: more than ${maxPages} pages; refusing to follow the cursor further`);
    const { status, headers, text } = await getOnce(options.baseUrl, instrumentsPath(options.category, cursor), signal, options.timeoutMs);
    const failed = () => bybitAnswerError({ status, retryAfter: headers['retry-after'], body: text }, 'instruments');
    if (status !== 200) throw failed();
    const result = parseInstrumentsPage(text, failed);
    symbols.push(...result.trading);
    if (result.cursor === undefined) return { symbols: [...new Set(symbols)] };
    // A cursor met before would loop for ever.
    if (seen.has(result.cursor)) throw new SnapshotError('malformed-body', `instruments: cursor ${JSON.stringify(result.cursor)} repeats`);
    seen.add(result.cursor);
    cursor = result.cursor;
  }
}

/**
 * The Trading symbols and the next cursor of a `{"retCode":0,"result":{"list":[...],"nextPageCursor"}}` body. A
 * non-0 retCode is Bybit refusing the request: `refused()` names why.
 */
export function parseInstrumentsPage(text: string, refused: () => SnapshotError): InstrumentsPage {
  let body: { retCode?: unknown; result?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new SnapshotError('malformed-body', 'instruments answer is not JSON');
  }
  if (typeof body !== 'object' || body === null || typeof body.retCode !== 'number') throw new SnapshotError('malformed-body', 'instruments answer has no retCode');
  if (body.retCode !== 0) throw refused();
  const result = body.result as { list?: unknown; nextPageCursor?: unknown } | null | undefined;
  if (typeof result !== 'object' || result === null || !Array.isArray(result.list)) throw new SnapshotError('malformed-body', 'instruments answer has no result.list');
  const trading: string[] = [];
  for (const entry of result.list as unknown[]) {
    const { symbol, status } = (entry ?? {}) as { symbol?: unknown; status?: unknown };
    if (typeof symbol === 'string' && status === 'Trading') trading.push(symbol);
  }
  const next = result.nextPageCursor;
  // An empty page ends the list whatever the cursor says, so a server repeating a cursor on an empty page stops.
  const cursor = typeof next === 'string' && next !== '' && result.list.length > 0 ? next : undefined;
  return { trading, cursor };
}
