import { SnapshotError } from '@lob/core';
import type { PairPrecision } from './checksum.js';
import { fetchAssetPairs, type AssetPairsClientOptions, type KrakenAssetPairs } from './asset-pairs-client.js';

/**
 * AssetPairs fetched once and kept: the pair list for listSymbols and the precisions v2 checksums are written at.
 * Concurrent callers share one request; a failed request is forgotten, so the next caller asks again. Precisions
 * restored from a recording answer precisionOf too, so a replay needs no request.
 */
export class AssetPairsCache {
  private latest: KrakenAssetPairs | undefined;
  /** Precisions taken back from a recording (restore): known without asking Kraken. */
  private readonly restored = new Map<string, PairPrecision>();
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

  /**
   * Resolves once every pair's precisions are known: at once when the cache or restored ones hold them all (a
   * replay: no request), else after one load.
   */
  async awaitPrecisions(pairs: readonly string[], signal: AbortSignal): Promise<void> {
    if (pairs.every((pair) => this.precisionOf(pair) !== undefined)) return;
    await this.load(signal);
  }

  /** Adds precisions known otherwise (a recording's); a later answer from Kraken takes precedence. */
  restore(precisions: ReadonlyMap<string, PairPrecision>): void {
    for (const [pair, precision] of precisions) this.restored.set(pair, precision);
  }

  /** A pair's precisions from the cached answer, else restored ones; undefined for a pair neither has. */
  precisionOf(pair: string): PairPrecision | undefined {
    return this.latest?.precisions.get(pair) ?? this.restored.get(pair);
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
