import { SnapshotError } from '@lob/core';
import { errors } from 'undici';
import { retryAfterMsOf } from './retry-after.js';

/** Turns a non-200 REST answer into a typed SnapshotError; `what` names the request in the message. */
export function statusError(status: number, retryAfter: string | string[] | undefined, body: string, what: string): SnapshotError {
  const retryAfterMs = retryAfterMsOf(retryAfter);
  const message = `${what}: HTTP ${status} ${body.slice(0, 200)}`.trim();
  if (status === 429) return new SnapshotError('rate-limited', message, retryAfterMs, status);
  if (status >= 500) return new SnapshotError('server-error', message, retryAfterMs, status);
  return new SnapshotError('client-error', message, retryAfterMs, status);
}

/**
 * Turns Kraken's `error` array (sent with HTTP 200) into a typed SnapshotError. Its throttling and outage codes get
 * the reasons of the HTTP statuses they stand for, so a limiter pauses on them as on a 429 or a 5xx.
 */
export function krakenApiError(messages: readonly string[], what: string): SnapshotError {
  const message = `${what}: ${messages.join('; ')}`;
  if (messages.some((m) => /^EAPI:Rate limit exceeded|^EGeneral:Too many requests/.test(m))) return new SnapshotError('rate-limited', message);
  if (messages.some((m) => /^EService:|^EGeneral:Internal error/.test(m))) return new SnapshotError('server-error', message);
  return new SnapshotError('client-error', message);
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
