import { SnapshotError, type SnapshotErrorReason } from '@lob/core';
import { errors } from 'undici';

/** The reason an HTTP status stands for, the same at every venue: a limiter pauses on the first two. */
export function statusReason(status: number): Extract<SnapshotErrorReason, 'rate-limited' | 'banned' | 'server-error' | 'client-error'> {
  if (status === 429) return 'rate-limited';
  if (status === 418) return 'banned';
  if (status >= 500) return 'server-error';
  return 'client-error';
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
