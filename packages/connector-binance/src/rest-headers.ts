import type { WeightReport } from '@lob/core';

/** Response headers as undici hands them over. */
export type Headers = Record<string, string | string[] | undefined>;

const WHOLE_NUMBER = /^\s*\d+\s*$/;

/** What an answer says about our budget: `X-MBX-USED-WEIGHT-1M` and the server's clock from `Date`. */
export function weightReportOf(headers: Headers): WeightReport {
  const usedWeight = wholeNumber(headers['x-mbx-used-weight-1m']);
  const serverTime = httpDate(headers['date']);
  return { ...(usedWeight === undefined ? {} : { usedWeight }), ...(serverTime === undefined ? {} : { serverTime }) };
}

/**
 * `Retry-After` in ms as the exchange sent it (whole seconds, Binance's form). Empty, missing or anything else is
 * undefined, never 0, so the limiter pauses by its default; a "0" stays 0 here, and the limiter's floor keeps it
 * from meaning "now".
 */
export function retryAfterMsOf(value: string | string[] | undefined): number | undefined {
  const seconds = wholeNumber(value);
  return seconds === undefined ? undefined : seconds * 1000;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function wholeNumber(value: string | string[] | undefined): number | undefined {
  const text = first(value);
  return text !== undefined && WHOLE_NUMBER.test(text) ? Number(text) : undefined;
}

function httpDate(value: string | string[] | undefined): number | undefined {
  const text = first(value);
  if (text === undefined || text.trim() === '' || WHOLE_NUMBER.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}
