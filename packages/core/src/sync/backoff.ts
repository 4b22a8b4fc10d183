/** How retries back off: exponential growth from `baseMs`, capped at `maxMs`, with full jitter. */
export interface BackoffOptions {
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * Delay before retry number `attempt` (0-based): uniform in [0, min(maxMs, baseMs * 2^attempt)] ("full jitter"),
 * so many clients that failed together do not come back together. A server's Retry-After is a floor.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random, retryAfterMs = 0): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(attempt, 30));
  return Math.max(retryAfterMs, Math.floor(random() * ceiling));
}

/** Resolves after `ms`, or rejects at once with the signal's reason when it is aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
