/** A latency in ms as people read it: µs below a millisecond, one decimal below 100 ms, whole ms, then seconds; "—" when unknown. */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Updates per second: whole above 10, one decimal below; "—" when unknown. */
export function formatRate(perSecond: number | undefined): string {
  if (perSecond === undefined || !Number.isFinite(perSecond) || perSecond < 0) return '—';
  return perSecond >= 10 ? `${Math.round(perSecond)}/s` : `${perSecond.toFixed(1)}/s`;
}

/**
 * The time between two stamps of one event (ms since the epoch), or undefined when either is unknown: lob sends
 * null (or 0, before the first event) where a venue has no exchange time.
 */
export function latencyBetween(from: number | null | undefined, to: number | null | undefined): number | undefined {
  if (from === null || from === undefined || to === null || to === undefined || from <= 0 || to <= 0) return undefined;
  return to - from;
}

/** An update rate from two readings of a counter and the server times they were read at. */
export function ratePerSecond(before: { count: number; time: number } | undefined, after: { count: number; time: number }): number | undefined {
  if (before === undefined || after.time <= before.time || after.count < before.count) return undefined;
  return ((after.count - before.count) * 1000) / (after.time - before.time);
}
