const MINUTE_MS = 60_000;

/** Milliseconds from `now` to the end of its minute (1..60 000). */
export function untilMinuteEnd(now: number): number {
  return MINUTE_MS - (((now % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
}

/**
 * The simulator's clock: the machine's plus an offset a test can set, so it can stand a few seconds before a
 * minute boundary (where Binance's weight counter resets) without waiting for one. Every venue's simulator reads
 * its time here.
 */
export class SimClock {
  constructor(private offsetMs = 0) {}

  /** Milliseconds since the epoch on the simulator's clock. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Sets how far the simulator's clock runs ahead of the machine's. */
  setOffset(ms: number): void {
    this.offsetMs = ms;
  }

  /** Moves the clock so the current minute ends `ms` from now (0 < ms <= 60 000); returns the new offset. */
  moveToMinuteEnd(ms: number): number {
    this.offsetMs += untilMinuteEnd(this.now()) - ms;
    return this.offsetMs;
  }
}
