import { ConfigError } from '../errors.js';

/** How fast stream connections may be opened. */
export interface ConnectionPacerOptions {
  /** Attempts that may start back to back before the spacing applies (default 5). */
  readonly burst?: number;
  /** Least time between attempts once the burst is spent; an idle pacer earns its burst back at this rate (default 1 000 ms). */
  readonly intervalMs?: number;
  /** Ceiling: at most this many attempts in any `windowMs` (default 300, Binance's limit per IP in 5 minutes). */
  readonly maxPerWindow?: number;
  /** Length of the ceiling's sliding window (default 300 000 ms). */
  readonly windowMs?: number;
  readonly now?: () => number;
}

/** What the pacer has done, for metrics and tests. */
export interface ConnectionPacerStats {
  /** Attempts reserved. */
  attempts: number;
  /** Attempts that had to wait. */
  delayed: number;
}

/**
 * The one gate every connection attempt of an IP goes through, so no failure mode (a server that closes every
 * new connection, a flapping network) can open connections faster than the exchange tolerates before it bans
 * the IP. A small burst goes at once (a reconnect after a shutdown notice is not delayed), then attempts are
 * spaced `intervalMs` apart; a sliding window caps the total.
 *
 * Attempts are reserved, not queued: each caller is told when its slot is and keeps its own timer, so a stopped
 * caller simply never uses a slot it reserved (which only makes the pacer more careful).
 */
export class ConnectionPacer {
  private readonly burst: number;
  private readonly intervalMs: number;
  private readonly maxPerWindow: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  /** Start times of the reserved attempts still inside the window, ascending. */
  private readonly starts: number[] = [];
  /**
   * When the spacing alone would allow the next attempt if no burst were left (the "theoretical arrival time"
   * of a generic cell rate algorithm): a burst of n is n intervals of credit behind it.
   */
  private nextAt = -Infinity;
  readonly stats: ConnectionPacerStats = { attempts: 0, delayed: 0 };

  constructor(options: ConnectionPacerOptions = {}) {
    this.burst = positiveInteger(options.burst ?? 5, 'burst');
    this.intervalMs = nonNegative(options.intervalMs ?? 1_000, 'intervalMs');
    this.maxPerWindow = positiveInteger(options.maxPerWindow ?? 300, 'maxPerWindow');
    this.windowMs = nonNegative(options.windowMs ?? 300_000, 'windowMs');
    this.now = options.now ?? Date.now;
  }

  /** Reserves the next connection attempt: how many ms from now it may start (0: at once). */
  reserve(): number {
    const now = this.now();
    while (this.starts.length > 0 && (this.starts[0] as number) <= now - this.windowMs) this.starts.shift();
    let at = Math.max(now, this.nextAt - (this.burst - 1) * this.intervalMs);
    if (this.starts.length >= this.maxPerWindow) {
      // Starts are reserved in ascending order, so the one that must leave the window first is this far back.
      at = Math.max(at, (this.starts[this.starts.length - this.maxPerWindow] as number) + this.windowMs);
    }
    this.starts.push(at);
    this.nextAt = Math.max(this.nextAt, at) + this.intervalMs;
    this.stats.attempts++;
    if (at > now) this.stats.delayed++;
    return at - now;
  }
}

function positiveInteger(value: number, key: string): number {
  if (!Number.isInteger(value) || value < 1) throw new ConfigError('invalid-value', `connection pacer ${key} must be an integer >= 1, not ${value}`, { key });
  return value;
}

function nonNegative(value: number, key: string): number {
  if (!Number.isFinite(value) || value < 0) throw new ConfigError('invalid-value', `connection pacer ${key} must be a number >= 0, not ${value}`, { key });
  return value;
}
