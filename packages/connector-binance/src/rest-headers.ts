import type { WeightReport } from '@lob/core';
import { headerText, type Headers } from '@lob/connector-kit';

const WHOLE_NUMBER = /^\s*\d+\s*$/;

/** What an answer says about our budget: `X-MBX-USED-WEIGHT-1M` and the server's clock from `Date`. */
export function weightReportOf(headers: Headers): WeightReport {
  const usedWeight = wholeNumber(headers['x-mbx-used-weight-1m']);
  const serverTime = httpDate(headers['date']);
  return { ...(usedWeight === undefined ? {} : { usedWeight }), ...(serverTime === undefined ? {} : { serverTime }) };
}

function wholeNumber(value: string | string[] | undefined): number | undefined {
  const text = headerText(value);
  return text !== undefined && WHOLE_NUMBER.test(text) ? Number(text) : undefined;
}

function httpDate(value: string | string[] | undefined): number | undefined {
  const text = headerText(value);
  if (text === undefined || text.trim() === '' || WHOLE_NUMBER.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}
