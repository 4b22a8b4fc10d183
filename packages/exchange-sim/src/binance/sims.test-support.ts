// Test-only helpers (excluded from the build): sims per test, small HTTP/JSON utilities.
import { afterEach } from '@jest/globals';
import { RecordingClient } from '../market/recording-client.test-support.js';
import { BinanceSim } from './binance-sim.js';
import type { BinanceSimOptions } from './types.js';

export { RecordingClient };

/** Starts sims and opens clients for a test file; see useSims. */
export interface SimHarness {
  /** Starts a sim with the harness's defaults overridden by `options`. */
  start(options?: BinanceSimOptions): Promise<BinanceSim>;
  /** Opens a recording client. */
  connect(url: string): Promise<RecordingClient>;
}

/**
 * Registers an afterEach that closes every client opened and then every sim started through the returned
 * harness. Call it once at the top of a test file; `defaults` go under each start's own options.
 */
export function useSims(defaults: BinanceSimOptions = {}): SimHarness {
  const sims: BinanceSim[] = [];
  const clients: RecordingClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(sims.splice(0).map((s) => s.close()));
  });
  return {
    async start(options: BinanceSimOptions = {}): Promise<BinanceSim> {
      const sim = await BinanceSim.start({ ...defaults, ...options });
      sims.push(sim);
      return sim;
    },
    async connect(url: string): Promise<RecordingClient> {
      const client = await RecordingClient.open(url);
      clients.push(client);
      return client;
    },
  };
}

/** Result of an HTTP GET. */
export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
}

/** GETs a URL. */
export async function get(url: string): Promise<HttpResult> {
  const res = await fetch(url);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** Sleeps. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A depth event as the tests read it. */
export interface WireEvent {
  e: string;
  E: number;
  T?: number;
  s: string;
  ps?: string;
  U: number;
  u: number;
  pu?: number;
  b: [string, string][];
  a: [string, string][];
}

/** A snapshot body as the tests read it. */
export interface WireSnapshot {
  lastUpdateId: number;
  E?: number;
  T?: number;
  bids: [string, string][];
  asks: [string, string][];
}

/** The data of a frame, combined or bare. */
export function eventOf(frame: string): WireEvent {
  const parsed = JSON.parse(frame) as { stream?: string; data?: WireEvent } & WireEvent;
  return parsed.stream !== undefined && parsed.data !== undefined ? parsed.data : parsed;
}

/**
 * An independent, deliberately naive replica: a map of price string to quantity string per side,
 * fed with Binance's rules. Sorting compares prices as numbers, which is exact for the few decimals used here.
 */
export class MapReplica {
  readonly bids = new Map<string, string>();
  readonly asks = new Map<string, string>();
  lastUpdateId: number;

  constructor(snapshot: WireSnapshot) {
    for (const [p, q] of snapshot.bids) this.bids.set(p, q);
    for (const [p, q] of snapshot.asks) this.asks.set(p, q);
    this.lastUpdateId = snapshot.lastUpdateId;
  }

  /** Applies an event's levels (quantity zero removes). */
  apply(event: WireEvent): void {
    for (const [p, q] of event.b) if (Number(q) === 0) this.bids.delete(p); else this.bids.set(p, q);
    for (const [p, q] of event.a) if (Number(q) === 0) this.asks.delete(p); else this.asks.set(p, q);
    this.lastUpdateId = event.u;
  }

  /** Both sides sorted best first. */
  sorted(): { bids: [string, string][]; asks: [string, string][] } {
    return {
      bids: [...this.bids].sort((x, y) => Number(y[0]) - Number(x[0])),
      asks: [...this.asks].sort((x, y) => Number(x[0]) - Number(y[0])),
    };
  }
}
