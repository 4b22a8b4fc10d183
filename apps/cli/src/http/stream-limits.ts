/** The bounds `/stream` keeps every client within; each has a default a single trading system never meets. */
export interface StreamLimits {
  /** Largest frame a client may send (ws `maxPayload`): subscribe messages are small, so 4 KiB is plenty. */
  readonly maxPayloadBytes: number;
  /** Open `/stream` connections in total. */
  readonly maxConnections: number;
  /** Open `/stream` connections from one remote address. */
  readonly maxConnectionsPerClient: number;
  /** Books one connection may follow at once (over every mode). */
  readonly maxSubscriptions: number;
  /** Unsent bytes past which a `top`/`depth` client is skipped (it gets the newest state later) or a `diff` client is closed. */
  readonly maxBufferedBytes: number;
  /** How often every client is pinged; one that has not answered the previous ping by then is terminated. */
  readonly pingIntervalMs: number;
  /** Browser origins allowed to connect; a request without an Origin header (not a browser) is always allowed. */
  readonly allowedOrigins: readonly string[];
}

/** The defaults, documented in apps/cli/README.md. */
export const DEFAULT_STREAM_LIMITS: StreamLimits = Object.freeze({
  maxPayloadBytes: 4 * 1024,
  maxConnections: 256,
  maxConnectionsPerClient: 16,
  maxSubscriptions: 1024,
  maxBufferedBytes: 4 * 1024 * 1024,
  pingIntervalMs: 30_000,
  allowedOrigins: Object.freeze([]) as readonly string[],
});

/** The defaults with some bounds replaced. */
export function streamLimits(overrides: Partial<StreamLimits> = {}): StreamLimits {
  return { ...DEFAULT_STREAM_LIMITS, ...overrides };
}

/** Whether a browser's Origin may open a stream: no Origin (a program), or one on the allow-list. */
export function originAllowed(origin: string | undefined, limits: StreamLimits): boolean {
  return origin === undefined || limits.allowedOrigins.includes(origin);
}
