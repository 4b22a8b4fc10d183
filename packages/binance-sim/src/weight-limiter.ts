const WINDOW_MS = 60_000;

/** Result of asking the limiter for weight. */
export type WeightDecision = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Binance's REST budget: a rolling one-minute sum of request weights, plus the Retry-After window that a
 * 429 or 418 opens (any request inside it is answered 418).
 */
export class WeightLimiter {
  private readonly entries: { at: number; weight: number }[] = [];
  private sum = 0;
  private retryUntil = 0;
  maxUsed = 0;

  constructor(readonly limitPerMinute: number) {}

  /** Weight used in the last minute. */
  used(now: number): number {
    this.expire(now);
    return this.sum;
  }

  /** Takes `weight` if it fits in the budget; otherwise says how long until it would. */
  tryConsume(weight: number, now: number): WeightDecision {
    this.expire(now);
    if (this.sum + weight <= this.limitPerMinute) {
      this.entries.push({ at: now, weight });
      this.sum += weight;
      this.maxUsed = Math.max(this.maxUsed, this.sum);
      return { ok: true };
    }
    // Wait until enough of the oldest weight leaves the window.
    let freed = 0;
    for (const entry of this.entries) {
      freed += entry.weight;
      if (this.sum - freed + weight <= this.limitPerMinute) {
        return { ok: false, retryAfterMs: Math.max(1, entry.at + WINDOW_MS - now) };
      }
    }
    return { ok: false, retryAfterMs: WINDOW_MS };
  }

  /** Opens (or extends) a Retry-After window. */
  openWindow(durationMs: number, now: number): void {
    this.retryUntil = Math.max(this.retryUntil, now + durationMs);
  }

  /** Milliseconds left in the Retry-After window (0 when closed). */
  windowRemaining(now: number): number {
    return Math.max(0, this.retryUntil - now);
  }

  private expire(now: number): void {
    while (this.entries.length > 0 && (this.entries[0] as { at: number }).at <= now - WINDOW_MS) {
      this.sum -= (this.entries.shift() as { weight: number }).weight;
    }
  }
}

/** Retry-After header value: whole seconds, rounded up so a client that honours it waits long enough. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
