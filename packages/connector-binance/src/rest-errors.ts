import { SnapshotError } from '@lob/core';
import { errors } from 'undici';
import { retryAfterMsOf } from './rest-headers.js';

/** Binance's error code for a symbol it does not know (`400 {"code":-1121,"msg":"Invalid symbol."}`). */
const INVALID_SYMBOL = -1121;

/** Turns a non-200 REST answer into a typed SnapshotError; `what` names the request in the message. */
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
  if (status === 429) return new SnapshotError('rate-limited', message, retryAfterMs, status);
  if (status === 418) return new SnapshotError('banned', message, retryAfterMs, status);
  if (status >= 500) return new SnapshotError('server-error', message, retryAfterMs, status);
  // The exchange does not know the symbol: asking again cannot help, so it gets its own reason.
  if (status === 400 && code === INVALID_SYMBOL) return new SnapshotError('unknown-symbol', message, undefined, status);
  return new SnapshotError('client-error', message, retryAfterMs, status);
}

/** Turns an undici failure (abort, timeout, refused connection) into a typed SnapshotError naming the URL. */
export function transportError(error: unknown, url: string): SnapshotError {
  const e = error as Error & { code?: string };
  if (e?.name === 'AbortError' || e?.code === 'UND_ERR_ABORTED') return new SnapshotError('aborted', 'aborted', undefined, undefined, { cause: error });
  if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError || e?.code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new SnapshotError('timeout', `${url}: ${e.message}`, undefined, undefined, { cause: error });
  }
  return new SnapshotError('network', `${url}: ${e?.code ?? ''} ${e?.message ?? String(error)}`.trim(), undefined, undefined, { cause: error });
}
