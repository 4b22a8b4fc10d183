import { SnapshotError } from '@lob/core';
import { retryAfterMsOf, statusReason } from '@lob/connector-kit';

/** Binance's error code for a symbol it does not know (`400 {"code":-1121,"msg":"Invalid symbol."}`). */
const INVALID_SYMBOL = -1121;

/** Turns a non-200 Binance answer into a typed SnapshotError; `what` names the request in the message. */
export function statusError(status: number, retryAfter: string | string[] | undefined, body: string, what: string): SnapshotError {
  const retryAfterMs = retryAfterMsOf(retryAfter);
  let detail = body.slice(0, 200);
  let code: unknown;
  try {
    const parsed = JSON.parse(body) as { code?: unknown; msg?: unknown };
    code = parsed.code;
    if (typeof parsed.msg === 'string') detail = `${String(parsed.code)} ${parsed.msg}`;
  } catch {
    // not JSON: keep the raw text
  }
  const message = `${what}: HTTP ${status} ${detail}`;
  // The exchange does not know the symbol: asking again cannot help, so it gets its own reason.
  if (status === 400 && code === INVALID_SYMBOL) return new SnapshotError('unknown-symbol', message, undefined, status);
  return new SnapshotError(statusReason(status), message, retryAfterMs, status);
}
