import { SnapshotError, type SymbolList } from '@lob/core';
import { getOnce } from '@lob/connector-kit';
import { statusError } from './rest-errors.js';
import { weightReportOf } from './rest-headers.js';

/** How the exchangeInfo client reaches the REST API. */
export interface ExchangeInfoClientOptions {
  /** REST base URL: scheme, host and port. */
  readonly baseUrl: string;
  /** Path (and query) of the market's exchangeInfo endpoint, e.g. /fapi/v1/exchangeInfo. */
  readonly path: string;
  /** Header and body timeout (default 10 s). */
  readonly timeoutMs?: number;
}

/**
 * Fetches the symbols a Binance market trades from its exchangeInfo endpoint; every failure is a typed SnapshotError
 * (the same REST failures as a snapshot's, so the limiter pauses on a 429 here too).
 */
export async function fetchTradingSymbols(options: ExchangeInfoClientOptions, signal: AbortSignal): Promise<SymbolList> {
  const { status, headers, text } = await getOnce(options.baseUrl, options.path, signal, options.timeoutMs);
  if (status !== 200) throw statusError(status, headers['retry-after'], text, 'exchangeInfo');
  return { symbols: parseTradingSymbols(text), ...weightReportOf(headers) };
}

/**
 * The symbols an exchangeInfo body lists as trading. Spot and USD-M say so in `status`, COIN-M in `contractStatus`;
 * symbols in BREAK, HALT, PENDING_TRADING or delivered have no live book to keep.
 */
export function parseTradingSymbols(text: string): string[] {
  let body: { symbols?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new SnapshotError('malformed-body', 'exchangeInfo is not JSON');
  }
  if (!Array.isArray(body?.symbols)) throw new SnapshotError('malformed-body', 'exchangeInfo has no symbols list');
  const trading: string[] = [];
  for (const entry of body.symbols as unknown[]) {
    const { symbol, status, contractStatus } = (entry ?? {}) as { symbol?: unknown; status?: unknown; contractStatus?: unknown };
    if (typeof symbol === 'string' && (status ?? contractStatus) === 'TRADING') trading.push(symbol);
  }
  return trading;
}
