import { ShardError } from './errors.js';

/** Lease time to live by default: the bucket's max age. */
export const DEFAULT_TTL_MS = 12_000;
/** How often an instance heartbeats, renews its leases and looks at the live set, by default. */
export const DEFAULT_CHECK_INTERVAL_MS = 3_000;

/** The check interval that goes with a ttl: a quarter of it, so three renewals may fail before a lease is lost. */
export function checkIntervalFor(ttlMs: number): number {
  return Math.floor(ttlMs / 4);
}

/** The two durations that decide how fast symbols move and how many renewals may fail before a lease is lost. */
export interface LeaseTiming {
  readonly ttlMs: number;
  readonly checkIntervalMs: number;
}

/**
 * The failover bound: when an instance dies, its symbols are claimed elsewhere within `ttl + checkInterval`. Its
 * last heartbeat and renewal (at most at the moment it died) expire after `ttl`; every other instance looks again
 * within `checkInterval` and claims what the new live set gives it. Resyncing the books (one snapshot each) comes on
 * top. Defaults: 12 s + 3 s = 15 s.
 */
export function failoverBoundMs(timing: LeaseTiming): number {
  return timing.ttlMs + timing.checkIntervalMs;
}

/**
 * How long a lease counts as held after its last renewal was sent without another succeeding: `ttl - checkInterval`.
 * An instance cut off from NATS stops serving its symbols by then, before the lease can expire on the server and
 * another instance claim it (so no symbol is kept twice).
 */
export function fenceAfterMs(timing: LeaseTiming): number {
  return timing.ttlMs - timing.checkIntervalMs;
}

/** Checks that renewals come often enough: at least three per time to live, so one or two lost ones cost nothing. */
export function validateTiming(timing: LeaseTiming): LeaseTiming {
  const { ttlMs, checkIntervalMs } = timing;
  if (!(Number.isFinite(ttlMs) && ttlMs >= 1_000)) {
    throw new ShardError('bad-options', `lease ttl ${ttlMs} ms: must be at least 1000 ms`);
  }
  if (!(Number.isFinite(checkIntervalMs) && checkIntervalMs >= 50 && checkIntervalMs * 3 <= ttlMs)) {
    throw new ShardError('bad-options', `check interval ${checkIntervalMs} ms: must be at least 50 ms and at most a third of the ttl (${ttlMs} ms)`);
  }
  return timing;
}
