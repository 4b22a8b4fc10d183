/** Age as people read it: "35 ms", "2.1 s", "3m 05s". */
export function formatAge(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
}

/**
 * A latency as people read it, to the precision that matters at its size: "18 µs", "2.4 ms", "350 ms", "2.1 s".
 * Negative where it compares two clocks (the exchange's and ours) and ours is behind.
 */
export function formatLatency(ms: number): string {
  if (ms < 0) return `-${formatLatency(-ms)}`;
  if (ms < 0.9995) return `${Math.round(ms * 1000)} µs`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  return formatAge(ms);
}

/** A rate with one decimal below 100 and none above ("7.5", "120"). */
export function formatRate(perSecond: number): string {
  return perSecond < 100 ? perSecond.toFixed(1) : String(Math.round(perSecond));
}
