import { Client } from 'undici';
import { transportError } from './http-failure.js';
import type { Headers } from './retry-after.js';

/** One HTTP answer, read whole. */
export interface TextAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/**
 * GETs `path` once on a client of its own that is closed afterwards: for the requests a connector makes once at
 * start-up (symbol lists), which should keep no socket open for the rest of the run. Transport failures (abort,
 * timeout, refused connection) are typed SnapshotErrors; the status is the caller's to judge.
 */
export async function getOnce(baseUrl: string, path: string, signal: AbortSignal, timeoutMs = 10_000): Promise<TextAnswer> {
  const client = new Client(baseUrl, { headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connectTimeout: timeoutMs });
  try {
    const response = await client.request({ path, method: 'GET', signal, headers: { accept: 'application/json' } });
    return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
  } catch (error) {
    throw transportError(error, `${baseUrl}${path}`);
  } finally {
    await client.close().catch(() => undefined);
  }
}
