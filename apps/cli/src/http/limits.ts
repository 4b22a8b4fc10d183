/** What one client may ask of the API; every figure is documented in apps/cli/README.md's HTTP section. */
export interface HttpLimits {
  /** Largest `depth=N` a book answer takes; `depth=all` stays and is served from the answer cache. */
  readonly maxDepth: number;
  /** Bytes of body any route accepts: none of them takes a body, so just enough to refuse one quickly. */
  readonly bodyLimit: number;
  /** Open connections at once (HTTP and WebSocket); the kernel queues the rest. */
  readonly maxConnections: number;
  /** Milliseconds a request may take to arrive (headers and body) before a 408. */
  readonly requestTimeoutMs: number;
  /** Milliseconds a kept-alive connection may sit idle. */
  readonly keepAliveTimeoutMs: number;
  /** Characters of one path parameter (a venue or a symbol) before a 414. */
  readonly maxParamLength: number;
  /** Requests per client address per `rateWindowMs` before 429s. */
  readonly rateMax: number;
  readonly rateWindowMs: number;
  /** Milliseconds `/metrics` reuses one rendering: a scrape of thousands of books costs a second of CPU. */
  readonly metricsCacheMs: number;
}

/** The limits `lob serve --http` runs with. */
export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  maxDepth: 5000,
  bodyLimit: 1024,
  maxConnections: 512,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  maxParamLength: 64,
  rateMax: 1000,
  rateWindowMs: 10_000,
  metricsCacheMs: 1_000,
};
