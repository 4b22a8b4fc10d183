import { SnapshotError } from '@lob/core';
import { retryAfterMsOf, statusReason } from '@lob/connector-kit';

// OKX's REST error codes (OKX API v5 docs, "Error Code / REST API / Public"): 50011 "Rate limit reached", 50061
// sub-account rate limit; 50001 "Service temporarily unavailable", 50004 endpoint timeout, 50013 "Systems are busy",
// 50026 "System error": asking again later can help for these, so they are not client errors.
const RATE_LIMITED = new Set(['50011', '50061']);
const SERVER_SIDE = new Set(['50001', '50004', '50013', '50026']);

/** An OKX answer that failed: its HTTP status, Retry-After header, and body (`{"code":"...","msg":"..."}` when JSON). */
export interface FailedAnswer {
  readonly status: number;
  readonly retryAfter: string | string[] | undefined;
  readonly body: string;
}

/** Turns a failed OKX answer (non-200 status, or a non-"0" code in the body) into a typed SnapshotError. */
export function okxAnswerError({ status, retryAfter, body }: FailedAnswer, what: string): SnapshotError {
  const retryAfterMs = retryAfterMsOf(retryAfter);
  let code: string | undefined;
  let detail = body.slice(0, 200);
  try {
    const parsed = JSON.parse(body) as { code?: unknown; msg?: unknown };
    if (typeof parsed?.code === 'string') code = parsed.code;
    if (typeof parsed?.msg === 'string') detail = `code ${String(parsed.code)} ${parsed.msg}`;
  } catch {
    // not JSON: keep the raw text
  }
  const message = `${what}: HTTP ${status} ${detail}`;
  if (code !== undefined && RATE_LIMITED.has(code)) return new SnapshotError('rate-limited', message, retryAfterMs, status);
  if (code !== undefined && SERVER_SIDE.has(code)) return new SnapshotError('server-error', message, retryAfterMs, status);
  return new SnapshotError(statusReason(status), message, retryAfterMs, status);
}
