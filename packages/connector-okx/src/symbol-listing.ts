import { SnapshotError, type SymbolList } from '@lob/core';
import { getOnce } from '@lob/connector-kit';
import { fetchOkxInstruments, type OkxInstType } from './instruments-client.js';
import { okxAnswerError } from './rest-errors.js';

/** The instrument types listed without a family: OKX lists every instrument of these in one answer each. */
export const LISTED_WITHOUT_FAMILY: readonly OkxInstType[] = ['SPOT', 'SWAP', 'FUTURES'];

/** Where and how long to ask. */
export interface SymbolListingOptions {
  readonly baseUrl: string;
  readonly timeoutMs?: number | undefined;
}

/**
 * Every live instId OKX has a book for: SPOT, SWAP and FUTURES in one request each, and OPTION family by family,
 * since OKX lists options only for a given instFamily: the families come from GET /api/v5/public/underlying
 * (instType=OPTION; an option family is its underlying, e.g. BTC-USD). All requests go at once, a handful against
 * OKX's 20 per 2 s per instrument type. Any failure rejects the whole list with a SnapshotError: a partial list
 * would call real instruments unknown.
 */
export async function listOkxSymbols(options: SymbolListingOptions, signal: AbortSignal): Promise<SymbolList> {
  const common = { baseUrl: options.baseUrl, ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) };
  const plain = LISTED_WITHOUT_FAMILY.map((instType) => fetchOkxInstruments({ ...common, instType }, signal));
  const optionLists = optionFamilies(options, signal).then((families) =>
    Promise.all(families.map((instFamily) => fetchOkxInstruments({ ...common, instType: 'OPTION', instFamily }, signal))),
  );
  // One Promise.all over both, so a failure of either leaves no rejection unhandled.
  const [lists, optionSymbols] = await Promise.all([Promise.all(plain), optionLists]);
  return { symbols: [...lists, ...optionSymbols].flatMap((list) => list.symbols) };
}

/** The option families OKX trades (GET /api/v5/public/underlying?instType=OPTION → `{"code":"0","data":[[...]]}`). */
export async function optionFamilies(options: SymbolListingOptions, signal: AbortSignal): Promise<string[]> {
  const { status, headers, text } = await getOnce(options.baseUrl, '/api/v5/public/underlying?instType=OPTION', signal, options.timeoutMs);
  const failed = () => okxAnswerError({ status, retryAfter: headers['retry-after'], body: text }, 'option underlyings');
  if (status !== 200) throw failed();
  let body: { code?: unknown; data?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new SnapshotError('malformed-body', 'option underlyings answer is not JSON');
  }
  if (typeof body !== 'object' || body === null || typeof body.code !== 'string') throw new SnapshotError('malformed-body', 'option underlyings answer has no code');
  if (body.code !== '0') throw failed();
  const data = body.data;
  if (!Array.isArray(data)) throw new SnapshotError('malformed-body', 'option underlyings answer has no data list');
  // OKX wraps the list in a one-element array; tolerate a flat list too.
  const flat = (data as unknown[]).flat();
  if (!flat.every((family): family is string => typeof family === 'string')) throw new SnapshotError('malformed-body', 'option underlyings are not strings');
  return [...new Set(flat)];
}
