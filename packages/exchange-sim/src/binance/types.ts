/** Which Binance market a simulator instance serves. */
export type SimMarket = 'spot' | 'usdm' | 'coinm';

/** One generated symbol. */
export interface SimSymbolOptions {
  /** Uppercase exchange symbol, e.g. BTCUSDT or BTCUSD_PERP. */
  symbol: string;
  /** Seed of this symbol's traffic (default: derived from the master seed and the symbol). */
  seed?: number;
  /** Initial true-book depth per side (default 2000). */
  levelsPerSide?: number;
  /** Initial mid price as a decimal string. */
  midPrice?: string;
  /** Price tick as a decimal string, e.g. "0.01". */
  tickSize?: string;
  /** Decimals of the quantity step (spot still prints 8 decimals; futures print exactly these). */
  lotDecimals?: number;
}

/** Every fault the simulator can produce. */
export type FaultKind =
  | 'disconnect'
  | 'gap'
  | 'malformed'
  | 'stale-snapshot'
  | 'slow-snapshot'
  | 'rate-limit'
  | 'ban'
  | 'server-error'
  | 'silence'
  | 'server-shutdown'
  | 'resend-old'
  | 'quiet'
  | 'zombie'
  | 'shutdown-loop'
  | 'garbage';

/** A fault to inject now (or arm for the next event / snapshot request). */
export interface Fault {
  kind: FaultKind;
  /**
   * For gap/malformed/resend-old/stale-snapshot/quiet: which symbol (default: all symbols' next events, any
   * symbol's next snapshot, every symbol quiet).
   */
  symbol?: string;
  /**
   * silence and quiet length, slow-snapshot delay, rate-limit/ban Retry-After window, server-shutdown close delay,
   * shutdown-loop length.
   */
  durationMs?: number;
  /** How many events / requests the fault affects, or garbage frames sent per connection (default 1). */
  count?: number;
}

/** Random fault schedule: one fault every `everyTicks` rounds, drawn from `kinds`. */
export interface RandomFaultOptions {
  seed?: number;
  everyTicks: number;
  /** Default: every kind but quiet, zombie, shutdown-loop and garbage (asked for by name only). */
  kinds?: FaultKind[];
}

export interface BinanceSimOptions {
  /** Default 'spot'; one sim instance serves one market. */
  market?: SimMarket;
  /** Loopback only; anything else is rejected with a BinanceSimError. */
  host?: '127.0.0.1';
  /** Default 0 = a free port. */
  port?: number;
  /** Generated markets (default: two symbols of the market). */
  symbols?: SimSymbolOptions[];
  /** Master seed: same seed, same traffic (default 1). */
  seed?: number;
  /** Default true: generate events on a timer; false: tests drive with tick(). */
  autoTick?: boolean;
  /** Default 100. */
  tickIntervalMs?: number;
  /** Random fault schedule (default off). */
  randomFaults?: RandomFaultOptions | false;
  /** Default 6000 spot, 2400 futures; counted per minute of the simulator's clock, as Binance does. */
  weightLimitPerMinute?: number;
  /**
   * How far the simulator's clock runs ahead of the machine's, in ms (default 0). It dates REST answers (`Date`,
   * `/time`) and decides the minute a request's weight counts in; `moveClockToMinuteEnd` sets it from a test.
   */
  clockOffsetMs?: number;
  /** Replay a real recording instead of generating traffic. */
  replay?: { timeline: string };
  /**
   * Symbols exchangeInfo lists as trading besides the generated ones, as a real exchange lists far more symbols than
   * a client follows (default none). Only generated symbols have books: depth and streams answer the others as unknown.
   */
  listedSymbols?: string[];
  /** Interval of the server's WebSocket pings (default 20000, as Binance); clients that miss 3 in a row are dropped. */
  pingIntervalMs?: number;
}

/** A whole book: exact decimal strings, best level first on each side. */
export interface TrueBook {
  lastUpdateId: number;
  bids: [string, string][];
  asks: [string, string][];
}

/** Counters of what the simulator saw and did. */
export interface BinanceSimStats {
  /** Depth requests received (including the rejected ones). */
  snapshotRequests: number;
  snapshotRequestsBySymbol: Record<string, number>;
  /** REST weight used in the current minute of the simulator's clock. */
  usedWeight: number;
  maxUsedWeightInWindow: number;
  /** Requests that arrived while a Retry-After window was open. */
  requestsInRetryAfterWindow: number;
  rateLimited429: number;
  banned418: number;
  /** WebSocket connections accepted since start (cumulative). */
  connections: number;
  /** WebSocket data frames sent (events, replies, shutdown notices, broken frames; pings excluded). */
  framesSent: number;
  /** WebSocket pings sent by the server (cumulative). */
  pingsSent: number;
  /** WebSocket pings received from clients (cumulative; each is answered with a pong unless the connection is a zombie). */
  pingsReceived: number;
  /** Faults injected (commanded or random), by kind. */
  faultsInjected: Record<string, number>;
}

/** One recorded session shipped with the package. */
export interface RecordingInfo {
  session: string;
  market: SimMarket;
  symbol: string;
  timeline: string;
  checkpoints: string;
  finalBook: string;
}
