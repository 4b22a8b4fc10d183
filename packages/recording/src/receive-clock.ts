/**
 * Wall-clock time in nanoseconds since the epoch, as decimal text (it exceeds a double's exact range). The monotonic
 * high-resolution clock is anchored to the wall clock once, so receive times never go backwards within a process.
 */
export function createReceiveClock(): () => string {
  const origin = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
  return () => (process.hrtime.bigint() + origin).toString();
}

/** The process's receive clock. */
export const receiveNs: () => string = createReceiveClock();
