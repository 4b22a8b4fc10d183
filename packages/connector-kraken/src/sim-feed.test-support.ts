import { LoopbackRelay, resyncCount } from '@lob/connector-kit/testing';
import type { MarketFeedOptions } from '@lob/core';
import { KrakenSim, type KrakenTrueBook } from '@lob/exchange-sim';
import { FeedHarness } from './feed-harness.test-support.js';
import { createKrakenConnector, type KrakenConnector } from './kraken-connector.js';
import type { KrakenBookDepth } from './kraken-venue.js';

/** A message the client sent, or the exchange sent it, on one tapped connection. */
interface Tapped {
  readonly connection: number;
  readonly text: string;
}

/**
 * A loopback WebSocket relay between the connector and the simulator, so a test sees the requests the client
 * really put on the wire (the simulator only counts them) and can put its own on the same connection (a barrier
 * ping, a stray subscribe). It relays text both ways in order; when the exchange side ends without a close frame
 * (a `disconnect` fault) the client side is terminated too, so the client sees the 1006 it would see on the venue.
 */
export class WireTap {
  private constructor(
    private readonly relay: LoopbackRelay,
    /** What the client sent, in order (the tap's own injections are not in it). */
    readonly sent: Tapped[],
  ) {}

  static async start(upstreamBase: string): Promise<WireTap> {
    const sent: Tapped[] = [];
    // The path the client asked for picks the simulator's protocol; connections are numbered from 1 here.
    const relay = await LoopbackRelay.start((path) => `${upstreamBase}${path}`, { fromClient: (text, index) => sent.push({ connection: index + 1, text }) });
    return new WireTap(relay, sent);
  }

  /** The tap's URL for a simulator path (`/` v1, `/v2` v2). */
  url(path: string): string {
    return this.relay.url(path === '/' ? '' : path);
  }

  /** Sends a text frame to the exchange on the newest open connection, as if the client had sent it. */
  inject(text: string): void {
    const newest = this.relay.openConnections().at(-1);
    if (newest === undefined) throw new Error('no open connection to inject into');
    this.relay.inject(newest, text);
  }

  close(): Promise<void> {
    return this.relay.close();
  }
}

/** v1 and v2 spell the same request differently; this reads either as `subscribe XBT/USD,ETH/USD`. */
export function requestLine(text: string): string | undefined {
  const message = JSON.parse(text) as { event?: string; pair?: string[]; method?: string; params?: { symbol?: string[] } };
  const method = message.event ?? message.method;
  if (method !== 'subscribe' && method !== 'unsubscribe') return undefined;
  return `${method} ${(message.pair ?? message.params?.symbol ?? []).join(',')}`;
}

/** v2's text of a decimal the way the simulator (and Kraken) writes a v2 JSON number: no trailing zeros. */
export function v2Text(decimal: string): string {
  return decimal.includes('.') ? decimal.replace(/0+$/, '').replace(/\.$/, '') : decimal;
}

export type Protocol = 'v1' | 'v2';

/** How long `until` waits for a state before it gives up (a safety net for a busy machine). */
const UNTIL_SAFETY_NET_MS = 15_000;

export interface SimFeedOptions {
  readonly protocol: Protocol;
  readonly depth: KrakenBookDepth;
  /** v2 symbols of the generated pairs. */
  readonly pairs: readonly string[];
  /** Pairs the feed subscribes too but the simulator does not trade (it refuses them as Kraken does). */
  readonly unknownPairs?: readonly string[];
  /** Faults armed before the feed connects (they meet its first subscribe). */
  readonly before?: (sim: KrakenSim) => void;
  readonly feed?: Partial<MarketFeedOptions>;
  /** How long a pair waits for its snapshot before it is asked again (the connector's default is 10 s). */
  readonly snapshotTimeoutMs?: number;
}

/**
 * A KrakenSim (no timer traffic: the test ticks), a WireTap in front of it, the real connector and core's
 * MarketFeed, with the frames the feed decoded recorded in order (the connector's decode wrapped), so a test can
 * wait for "the feed has processed everything the exchange sent so far" (`barrier`).
 */
export class SimFeed {
  private nextReqId = 900_000;
  private waiters: { check: () => boolean; resolve: () => void }[] = [];

  private constructor(
    readonly options: SimFeedOptions,
    /** Every frame the feed decoded, in order. */
    readonly decoded: string[],
    readonly sim: KrakenSim,
    readonly tap: WireTap,
    readonly connector: KrakenConnector,
    readonly harness: FeedHarness,
  ) {}

  static async start(options: SimFeedOptions): Promise<SimFeed> {
    // Heartbeats every 50 ms: an idle but healthy connection stays well inside a small silenceTimeoutMs.
    const sim = await KrakenSim.start({ pairs: options.pairs.map((symbol) => ({ symbol })), autoTick: false, seed: 11, heartbeatIntervalMs: 50 });
    const tap = await WireTap.start(sim.wsUrlV1);
    const connector = createKrakenConnector({
      wsUrl: tap.url(options.protocol === 'v2' ? '/v2' : '/'),
      restUrl: sim.restUrl,
      depth: options.depth,
      pingIntervalMs: 0,
    });
    const decoded: string[] = [];
    let feed: SimFeed | undefined;
    const tapped: KrakenConnector = {
      ...connector,
      ...(options.snapshotTimeoutMs === undefined ? {} : { snapshots: { kind: 'stream', snapshotTimeoutMs: options.snapshotTimeoutMs } }),
      decode: (frame) => {
        decoded.push(frame);
        // Checked once core has handled the frame (a pong or a heartbeat moves no book, so the harness is not told).
        queueMicrotask(() => feed?.settle());
        return connector.decode(frame);
      },
    };
    options.before?.(sim);
    const harness = new FeedHarness(tapped, [...options.pairs, ...(options.unknownPairs ?? [])], { reconnect: { baseMs: 20, maxMs: 200 }, ...options.feed });
    feed = new SimFeed(options, decoded, sim, tap, connector, harness);
    harness.start();
    return feed;
  }

  get protocol(): Protocol {
    return this.options.protocol;
  }

  /** The pair as this protocol spells it on the wire (v1 XBT/USD, v2 BTC/USD). */
  wire(symbol: string): string {
    return this.protocol === 'v1' ? (this.sim.listing(symbol)?.wsname ?? symbol) : symbol;
  }

  /**
   * Resolves once `check` holds; checked now, after every update and feed event, and after every decoded frame.
   * A state that never comes rejects after a generous safety net (not an assertion about speed), naming what was
   * awaited and where each book stands, so a broken build fails with a reason instead of at jest's timeout.
   */
  until(check: () => boolean, what = 'a state'): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const books = this.options.pairs.map((p) => `${p} ${this.harness.view(p).state} (${this.harness.view(p).reason})`).join('; ');
        reject(new Error(`still waiting for ${what} after ${UNTIL_SAFETY_NET_MS} ms: ${books}`));
      }, UNTIL_SAFETY_NET_MS);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push({ check, resolve: done });
      void this.harness.until(check).then(done);
    });
  }

  /** Resolves once every listed pair's book is live. */
  allLive(symbols: readonly string[] = this.options.pairs): Promise<void> {
    return this.until(() => symbols.every((s) => this.harness.view(s).state === 'live'), `${symbols.join(', ')} live`);
  }

  /**
   * Resolves once the feed has processed every frame the exchange sent before now on the open connection: a ping
   * with a fresh id goes out on it, and the exchange's pong comes back behind everything sent earlier (one ordered
   * socket), so once the feed decoded that pong it has applied all of it.
   */
  async barrier(): Promise<void> {
    const id = this.nextReqId++;
    this.tap.inject(this.protocol === 'v2' ? JSON.stringify({ method: 'ping', req_id: id }) : JSON.stringify({ event: 'ping', reqid: id }));
    const marker = this.protocol === 'v2' ? `"req_id":${id}` : `"reqid":${id}`;
    await this.until(() => this.decoded.some((f) => f.includes(marker)), `the pong ${id}`);
  }

  /** Ticks one round at a time, each followed by a barrier, until `done` holds (at most `max` rounds). */
  async tickUntil(done: () => boolean, max = 300): Promise<number> {
    for (let round = 1; round <= max; round++) {
      this.sim.tick(1);
      await this.barrier();
      if (done()) return round;
    }
    throw new Error(`not done after ${max} rounds`);
  }

  /** Resolves once `count` more frames matching `match` than now have been decoded. */
  async nextDecoded(match: (frame: string) => boolean, count = 1): Promise<void> {
    const target = this.decoded.filter(match).length + count;
    await this.until(() => this.decoded.filter(match).length >= target);
  }

  /** The requests the client sent, as `subscribe A,B` / `unsubscribe A` lines. */
  requests(): string[] {
    return this.tap.sent.flatMap(({ text }) => requestLine(text) ?? []);
  }

  /** How many resyncs a pair went through, of every cause. */
  resyncs(symbol: string): number {
    return resyncCount(this.harness.view(symbol));
  }

  /**
   * The book the feed holds for a pair, and the exchange's true book as the feed must hold it: the top `depth`
   * levels; v1 quotes the strings at the pair's precision, as `sim.book()` reports them; v2 holds the decimal
   * text the exchange sent, which is that text without trailing zeros.
   */
  compare(symbol: string): { held: KrakenTrueBook & { checksum: number | undefined }; truth: KrakenTrueBook & { checksum: number } } {
    const view = this.harness.view(symbol);
    const side = (s: 'bid' | 'ask') => [...view.book.levels(s)].map(([p, q]) => [p, q] as [string, string]);
    const truth = this.sim.book(symbol, this.options.depth);
    const wire = (levels: [string, string][]) => (this.protocol === 'v2' ? levels.map(([p, q]) => [v2Text(p), v2Text(q)] as [string, string]) : levels);
    return {
      held: { bids: side('bid'), asks: side('ask'), checksum: view.checksum },
      truth: { bids: wire(truth.bids), asks: wire(truth.asks), checksum: this.sim.checksum(symbol) },
    };
  }

  private settle(): void {
    if (this.waiters.length === 0) return;
    const still = [];
    for (const waiter of this.waiters) {
      if (waiter.check()) waiter.resolve();
      else still.push(waiter);
    }
    this.waiters = still;
  }

  async close(): Promise<void> {
    await this.harness.stop();
    await this.tap.close();
    await this.sim.close();
  }
}
