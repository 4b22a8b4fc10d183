/**
 * The wall clock that stamps receive and apply times, in ms since the epoch with a sub-millisecond fraction:
 * `Date.now()` ticks in whole milliseconds, too coarse for a decode-and-apply that takes microseconds. It is
 * `performance.timeOrigin + performance.now()`: monotonic from the process start, so it does not follow later
 * corrections of the system clock (NTP slews it by at most ~0.5 ms/s): compare it with the exchange's clock with
 * that in mind.
 */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}
