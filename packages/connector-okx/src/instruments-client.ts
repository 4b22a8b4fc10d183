import { SnapshotError, type SymbolList } from '@lob/core';
import { OKX_VENUE } from './okx-venue.js';
import { getOnce } from '@lob/connector-kit';
import { okxAnswerError } from './rest-errors.js';

/** OKX's instrument types with an order book. */
export type OkxInstType = 'SPOT' | 'SWAP' | 'FUTURES' | 'OPTION';

/** How the instruments client reaches OKX's REST API. */
export interface OkxInstrumentsOptions {
  /** REST base URL: scheme, host and port (default OKX_VENUE.restUrl). */
  readonly baseUrl?: string;
  readonly instType: OkxInstType;
  /** Instrument family, e.g. BTC-USD: OKX requires it (or `uly`) for OPTION. */
  readonly instFamily?: string;
  /** Header and body timeout (default 10 s). */
  readonly timeoutMs?: number;
}

/** The request path for one instrument type. */
export function instrumentsPath(options: Pick<OkxInstrumentsOptions, 'instType' | 'instFamily'>): string {
  const query = new URLSearchParams({ instType: options.instType });
  if (options.instFamily !== undefined) query.set('instFamily', options.instFamily);
  return `/api/v5/public/instruments?${query.toString()}`;
}

/**
 * Lists the instIds of one instrument type that are `live` (GET /api/v5/public/instruments); every failure, including
 * an HTTP 200 whose `code` is not "0", is a typed SnapshotError.
 */
export async function fetchOkxInstruments(options: OkxInstrumentsOptions, signal: AbortSignal): Promise<SymbolList> {
  const baseUrl = options.baseUrl ?? OKX_VENUE.restUrl;
  const { status, headers, text: body } = await getOnce(baseUrl, instrumentsPath(options), signal, options.timeoutMs);
  const failed = () => okxAnswerError({ status, retryAfter: headers['retry-after'], body }, 'instruments');
  if (status !== 200) throw failed();
  return { symbols: parseLiveInstruments(body, failed) };
}

/**
 * The instIds a `{"code":"0","data":[...]}` body lists with `state` "live" (suspend, preopen, test and expired
 * instruments have no book to keep). A non-"0" code is OKX refusing the request: `refused()` names why.
 */
export function parseLiveInstruments(text: string, refused: () => SnapshotError): string[] {
  let body: { code?: unknown; data?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new SnapshotError('malformed-body', 'instruments answer is not JSON');
  }
  if (typeof body !== 'object' || body === null || typeof body.code !== 'string') throw new SnapshotError('malformed-body', 'instruments answer has no code');
  if (body.code !== '0') throw refused();
  if (!Array.isArray(body.data)) throw new SnapshotError('malformed-body', 'instruments answer has no data list');
  const live: string[] = [];
  for (const entry of body.data as unknown[]) {
    const { instId, state } = (entry ?? {}) as { instId?: unknown; state?: unknown };
    if (typeof instId === 'string' && state === 'live') live.push(instId);
  }
  return live;
}
