import { SnapshotError } from '@lob/core';
import type { PairPrecision } from './checksum.js';
import { fetchAssetPairs, type AssetPairsClientOptions, type KrakenAssetPairs } from './asset-pairs-client.js';

/**
 * AssetPairs fetched once and kept: the pair list for listSymbols and the precisions v2 checksums are written at.
 * Concurrent callers share one request; a failed request is forgotten, so the next caller asks again.
 */
export class AssetPairsCache {
  private latest: KrakenAssetPairs | undefined;
  private pending: Promise<KrakenAssetPairs> | undefined;
  /** Ends the shared request when the connector closes. */
  private readonly closing = new AbortController();

  constructor(private readonly client: AssetPairsClientOptions) {}

  /** The cached answer, or one fetch of it (shared by concurrent callers). */
  load(signal: AbortSignal): Promise<KrakenAssetPairs> {
    if (this.latest !== undefined) return Promise.resolve(this.latest);
    // One caller's abort must not fail the others: the shared request runs on the cache's own signal.
    this.pending ??= fetchAssetPairs(this.client, this.closing.signal).then(
      (pairs) => {
        this.latest = pairs;
        this.pending = undefined;
        return pairs;
      },
      (error: unknown) => {
        this.pending = undefined;
        throw error;
      },
    );
    return abortable(this.pending, signal);
  }

  /** Abandons a request in flight; later loads fail as aborted. */
  close(): void {
    this.closing.abort();
  }

  /** A pair's precisions from the cached answer; undefined before the first answer or for a pair it lacks. */
  precisionOf(pair: string): PairPrecision | undefined {
    return this.latest?.precisions.get(pair);
  }
}

/** `promise`, or a SnapshotError 'aborted' as soon as the signal aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  const aborted = (): SnapshotError => new SnapshotError('aborted', 'AssetPairs: aborted');
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
