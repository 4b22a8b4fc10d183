import { untilMinuteEnd } from '../market/sim-clock.js';

export { untilMinuteEnd };
const WINDOW_MS = 60_000;

/** Result of asking the limiter for weight. */
export type WeightDecision = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Binance's REST budget: request weights summed per fixed minute of the server's clock (the counter starts again
 * at 0 on every minute boundary, it does not slide), plus the Retry-After window that a 429 or 418 opens (any
 * request inside it is answered 418).
 */
export class WeightLimiter {
  private window = Number.NaN;
  private sum = 0;
  private retryUntil = 0;
  maxUsed = 0;

  constructor(readonly limitPerMinute: number) {}

  /** Weight used in the minute that contains `now`. */
  used(now: number): number {
    this.roll(now);
    return this.sum;
  }

  /** Takes `weight` if it fits in this minute's budget; otherwise says how long until the minute ends. */
  tryConsume(weight: number, now: number): WeightDecision {
    this.roll(now);
    if (this.sum + weight > this.limitPerMinute) return { ok: false, retryAfterMs: untilMinuteEnd(now) };
    this.add(weight, now);
    return { ok: true };
  }

  /** Counts `weight` in this minute whatever the budget says (another client on the same IP). */
  add(weight: number, now: number): void {
    this.roll(now);
    this.sum += weight;
    this.maxUsed = Math.max(this.maxUsed, this.sum);
  }

  /** Opens (or extends) a Retry-After window. */
  openWindow(durationMs: number, now: number): void {
    this.retryUntil = Math.max(this.retryUntil, now + durationMs);
  }

  /** Milliseconds left in the Retry-After window (0 when closed). */
  windowRemaining(now: number): number {
    return Math.max(0, this.retryUntil - now);
  }

  private roll(now: number): void {
    const window = Math.floor(now / WINDOW_MS);
    if (window === this.window) return;
    // Any other minute, later or (after the clock was set back) earlier, starts from 0.
    this.window = window;
    this.sum = 0;
  }
}


/** Retry-After header value: whole seconds, rounded up so a client that honours it waits long enough. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
