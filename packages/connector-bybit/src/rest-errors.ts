import { SnapshotError } from '@lob/core';
import { retryAfterMsOf, statusReason } from '@lob/connector-kit';

// Bybit's v5 return codes (docs, "Error Codes / HTTP Code"): 10006 "Too many visits" (rate limit); 10016 "Server
// error", 10000 server timeout: asking again later can help for these, so they are not client errors. An IP over
// its limit gets HTTP 403 "access too frequent" for 10 minutes: that is a ban, not a client error.
const RATE_LIMITED = new Set([10006]);
const SERVER_SIDE = new Set([10000, 10016]);
const IP_BAN_STATUS = 403;

/** A Bybit answer that failed: its HTTP status, Retry-After header, and body (`{"retCode","retMsg"}` when JSON). */
export interface FailedAnswer {
  readonly status: number;
  readonly retryAfter: string | string[] | undefined;
  readonly body: string;
}

/** Turns a failed Bybit answer (non-200 status, or a non-0 retCode in the body) into a typed SnapshotError. */
export function bybitAnswerError({ status, retryAfter, body }: FailedAnswer, what: string): SnapshotError {
  const retryAfterMs = retryAfterMsOf(retryAfter);
  let code: number | undefined;
  let detail = body.slice(0, 200);
  try {
    const parsed = JSON.parse(body) as { retCode?: unknown; retMsg?: unknown };
    if (typeof parsed?.retCode === 'number') code = parsed.retCode;
    if (typeof parsed?.retMsg === 'string') detail = `retCode ${String(parsed.retCode)} ${parsed.retMsg}`;
  } catch {
    // not JSON: keep the raw text
  }
  const message = `${what}: HTTP ${status} ${detail}`;
  if (code !== undefined && RATE_LIMITED.has(code)) return new SnapshotError('rate-limited', message, retryAfterMs, status);
  if (code !== undefined && SERVER_SIDE.has(code)) return new SnapshotError('server-error', message, retryAfterMs, status);
  if (status === IP_BAN_STATUS) return new SnapshotError('banned', message, retryAfterMs ?? 600_000, status);
  return new SnapshotError(statusReason(status), message, retryAfterMs, status);
}
