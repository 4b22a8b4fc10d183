import { SnapshotError } from '@lob/core';
import { retryAfterMsOf, statusReason } from '@lob/connector-kit';

/** Turns a non-200 REST answer into a typed SnapshotError; `what` names the request in the message. */
export function statusError(status: number, retryAfter: string | string[] | undefined, body: string, what: string): SnapshotError {
  const retryAfterMs = retryAfterMsOf(retryAfter);
  const message = `${what}: HTTP ${status} ${body.slice(0, 200)}`.trim();
  return new SnapshotError(statusReason(status), message, retryAfterMs, status);
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
