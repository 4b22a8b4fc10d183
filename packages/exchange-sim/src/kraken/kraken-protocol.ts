import type { SimulatedMarket } from '../market/simulated-market.js';
import type { DepthEvent } from '../market/traffic-generator.js';
import type { VenueFaultState } from '../market/venue-faults.js';
import type { WireProtocol } from '../market/venue-exchange.js';
import type { WireConnection } from '../market/wire-connection.js';
import { DepthWindow, type WindowChange, type WindowDiff } from './depth-window.js';
import { krakenChecksum } from './kraken-checksum.js';
import {
  formatV1Snapshot,
  formatV1Update,
  formatV2Book,
  krakenPrice,
  krakenV1Time,
  krakenVolume,
  v1ChannelName,
  v1Levels,
  v2Levels,
  v2Time,
} from './kraken-wire-format.js';

/** Book depths Kraken offers per side (both protocols); 10 when a subscription names none. */
export const KRAKEN_DEPTHS: readonly number[] = [10, 25, 100, 500, 1000];
const DEFAULT_DEPTH = 10;

/** One book subscription of a connection. */
interface Sub {
  /** The simulator's name of the pair (the v2 symbol). */
  readonly symbol: string;
  /** The pair as the client spelled it (v1 may use the wsname, XBT/USD). */
  readonly pair: string;
  readonly depth: number;
  /** v1 channelID. */
  readonly channelId: number;
}

/** A connection's protocol (the path picks it: `/` v1, `/v2` v2) and its subscriptions by symbol. */
export interface KrakenConnState {
  readonly version: 'v1' | 'v2';
  readonly subs: Map<string, Sub>;
}

type Conn = WireConnection<KrakenConnState>;

/** What the protocol needs to know about the pairs it serves. */
export interface KrakenNames {
  /** The simulator's name (v2 symbol) of a pair spelled as a v1 (`v1`) or v2 client may spell it; undefined: unknown. */
  resolve(name: string, version: 'v1' | 'v2'): string | undefined;
}

/** The strings of the top `n` levels of a side, at the pair's precision (as v1 sends them). */
export function krakenTop(market: SimulatedMarket, symbol: string, side: 'bid' | 'ask', n: number): [string, string][] {
  const spec = market.spec(symbol);
  return market
    .book(symbol)
    .sideOf(side)
    .top(n)
    .map(([tick, qty]) => [krakenPrice(spec, tick), krakenVolume(spec, qty)]);
}

/** The checksum Kraken would send for the true book of `symbol` now. */
export function krakenBookChecksum(market: SimulatedMarket, symbol: string): number {
  return krakenChecksum(krakenTop(market, symbol, 'ask', 10), krakenTop(market, symbol, 'bid', 10));
}

/** Kraken spot's public WebSocket, book channel only: v1 at `/`, v2 at `/v2`, over one set of true books. */
export class KrakenProtocol implements WireProtocol<KrakenConnState> {
  private readonly conns = new Set<Conn>();
  /** The window of every (symbol, depth) someone subscribes to, moved on by every event. */
  private readonly windows = new Map<string, DepthWindow>();
  private nextChannelId = 1;

  constructor(
    private readonly market: SimulatedMarket,
    private readonly faults: VenueFaultState,
    private readonly names: KrakenNames,
    /** A subscribed connection sent nothing for this long gets a heartbeat. */
    private readonly heartbeatMs: number,
  ) {}

  accepts(path: string): boolean {
    return path === '/' || path === '/v2' || path === '/v2/';
  }

  newState(path: string): KrakenConnState {
    return { version: path.startsWith('/v2') ? 'v2' : 'v1', subs: new Map() };
  }

  onOpen(conn: Conn): void {
    this.conns.add(conn);
    if (conn.state.version === 'v1') {
      conn.send(`{"connectionID":${conn.id},"event":"systemStatus","status":"online","version":"1.9.1"}`);
    } else {
      conn.send(`{"channel":"status","type":"update","data":[{"api_version":"v2","connection_id":${conn.id},"system":"online","version":"2.0.10"}]}`);
    }
  }

  onClose(conn: Conn): void {
    this.conns.delete(conn);
  }

  onMessage(conn: Conn, text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      message = undefined;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      if (conn.state.version === 'v1') conn.send('{"errorMessage":"Malformed request","event":"error"}');
      else conn.send(`{"error":"Malformed request","success":false,"time_in":"${v2Time(Date.now())}","time_out":"${v2Time(Date.now())}"}`);
      return;
    }
    if (conn.state.version === 'v1') this.onV1(conn, message as Record<string, unknown>);
    else this.onV2(conn, message as Record<string, unknown>);
  }

  publish(symbol: string, event: DepthEvent): void {
    const listening: { conn: Conn; sub: Sub }[] = [];
    for (const conn of this.conns) {
      const sub = conn.state.subs.get(symbol);
      if (sub) listening.push({ conn, sub });
    }
    const book = this.market.book(symbol);
    const diffs = new Map<number, WindowDiff>();
    for (const [key, window] of this.windows) {
      if (!key.startsWith(`${symbol} `)) continue;
      // A window nobody holds any more is dropped; one that is held moves with every event, sent or not.
      if (!listening.some(({ sub }) => sub.depth === window.depth)) this.windows.delete(key);
      else diffs.set(window.depth, window.advance(book, event));
    }
    if (listening.length === 0) return;
    const spec = this.market.spec(symbol);
    const checksum = krakenBookChecksum(this.market, symbol);
    const now = Date.now();
    const time = krakenV1Time(now);
    const { faults } = this;
    // A fault meant for every connection is decided once per event, and only once a book message would go out:
    // it hits "the next book messages", so an event that sends nothing (outside every window) must not use it up.
    let forAll: { drop: boolean; malformed: boolean; corrupt: boolean } | undefined;
    for (const { conn, sub } of listening) {
      let diff = diffs.get(sub.depth);
      // Kraken sends nothing for an event that changed nothing inside the window.
      if (!diff || diff.asks.length + diff.bids.length === 0) continue;
      if (faults.stalled(symbol, conn.id, now)) continue;
      forAll ??= { drop: faults.take('drop', symbol, undefined), malformed: faults.take('malformed', symbol, undefined), corrupt: faults.take('corrupt', symbol, undefined) };
      const { drop: dropAll, malformed: malformedAll, corrupt: corruptAll } = forAll;
      if (dropAll || faults.take('drop', symbol, conn.id)) continue;
      if (corruptAll || faults.take('corrupt', symbol, conn.id)) diff = this.corrupted(symbol, diff);
      let text: string;
      if (conn.state.version === 'v1') {
        const asks = diff.asks.length > 0 ? v1Levels(spec, diff.asks, time) : undefined;
        const bids = diff.bids.length > 0 ? v1Levels(spec, diff.bids, time) : undefined;
        text = formatV1Update(sub.channelId, sub.depth, sub.pair, asks, bids, checksum);
      } else {
        text = formatV2Book('update', symbol, v2Levels(spec, diff.bids), v2Levels(spec, diff.asks), checksum, now);
      }
      if (malformedAll || faults.take('malformed', symbol, conn.id)) text = text.slice(0, Math.floor(text.length / 2));
      conn.send(text);
    }
  }

  onTimer(now: number): void {
    for (const conn of this.conns) {
      if (!conn.open || conn.state.subs.size === 0 || now - conn.lastSentAt < this.heartbeatMs) continue;
      conn.send(conn.state.version === 'v1' ? '{"event":"heartbeat"}' : '{"channel":"heartbeat"}');
    }
  }

  /** The diff with the true best ask one lot off, so the checksum (top 10) catches it. */
  private corrupted(symbol: string, diff: WindowDiff): WindowDiff {
    const asks = this.market.book(symbol).asks;
    const best = asks.best();
    if (best === undefined) return diff;
    const wrong: WindowChange = { tick: best, qty: asks.get(best) + this.market.spec(symbol).lotUnits, republish: false };
    return { bids: diff.bids, asks: [wrong, ...diff.asks.filter((c) => c.tick !== best)].sort((a, b) => a.tick - b.tick) };
  }

  /** Starts a subscription (window, snapshot), or refuses it; returns the error text, if refused. */
  private subscribe(conn: Conn, symbol: string, pair: string, depth: number): { error: string } | { sub: Sub; twice: boolean } {
    const { faults } = this;
    if (conn.state.subs.has(symbol)) return { error: 'Already subscribed' };
    if (faults.take('subscription-error', symbol, undefined) || faults.take('subscription-error', symbol, conn.id)) {
      return { error: 'EService:Unavailable' };
    }
    const sub: Sub = { symbol, pair, depth, channelId: this.nextChannelId++ };
    conn.state.subs.set(symbol, sub);
    const key = `${symbol} ${depth}`;
    if (!this.windows.has(key)) this.windows.set(key, new DepthWindow(depth, this.market.book(symbol)));
    const twice = faults.take('duplicate-subscribe', symbol, undefined) || faults.take('duplicate-subscribe', symbol, conn.id);
    return { sub, twice };
  }

  /** The snapshot of a subscription: the true book's top `depth` levels now. */
  private snapshot(conn: Conn, sub: Sub): string {
    const spec = this.market.spec(sub.symbol);
    const book = this.market.book(sub.symbol);
    const toChanges = (levels: readonly (readonly [number, bigint])[]): WindowChange[] =>
      levels.map(([tick, qty]) => ({ tick, qty, republish: false }));
    const asks = toChanges(book.asks.top(sub.depth));
    const bids = toChanges(book.bids.top(sub.depth));
    if (conn.state.version === 'v2') {
      return formatV2Book('snapshot', sub.symbol, v2Levels(spec, bids), v2Levels(spec, asks), krakenBookChecksum(this.market, sub.symbol), Date.now());
    }
    const time = krakenV1Time(Date.now());
    return formatV1Snapshot(sub.channelId, sub.depth, sub.pair, v1Levels(spec, asks, time), v1Levels(spec, bids, time));
  }

  private onV1(conn: Conn, message: Record<string, unknown>): void {
    const { event, reqid } = message;
    const req = Number.isInteger(reqid) ? `,"reqid":${String(reqid)}` : '';
    if (event === 'ping') {
      conn.send(`{"event":"pong"${req}}`);
      return;
    }
    if (event !== 'subscribe' && event !== 'unsubscribe') {
      conn.send(`{"errorMessage":"Unsupported event","event":"error"${req}}`);
      return;
    }
    const subscription = (message.subscription ?? {}) as { name?: unknown; depth?: unknown };
    const depth = subscription.depth ?? DEFAULT_DEPTH;
    const pairs = message.pair;
    // Fields in Kraken's order: channelID, channelName (or errorMessage), event, pair, status, subscription.
    const status = (pair: string, head: string, state: string) =>
      `{${head}"event":"subscriptionStatus","pair":${JSON.stringify(pair)},"status":"${state}",` +
      `"subscription":{"depth":${JSON.stringify(depth)},"name":${JSON.stringify(subscription.name ?? null)}}${req}}`;
    const error = (pair: string, text: string) => status(pair, `"errorMessage":${JSON.stringify(text)},`, 'error');
    const channel = (sub: Sub) => `"channelID":${sub.channelId},"channelName":"${v1ChannelName(sub.depth)}",`;
    if (!Array.isArray(pairs) || pairs.length === 0 || !pairs.every((p) => typeof p === 'string')) {
      conn.send(`{"errorMessage":"Pair field must be an array","event":"error"${req}}`);
      return;
    }
    for (const pair of pairs as string[]) {
      if (subscription.name !== 'book') conn.send(error(pair, 'Subscription name invalid'));
      else if (typeof depth !== 'number' || !KRAKEN_DEPTHS.includes(depth)) conn.send(error(pair, 'Subscription depth not supported'));
      else {
        const symbol = this.names.resolve(pair, 'v1');
        if (symbol === undefined) conn.send(error(pair, 'Currency pair not supported'));
        else if (event === 'unsubscribe') {
          const sub = conn.state.subs.get(symbol);
          if (!sub || sub.depth !== depth) conn.send(error(pair, 'Subscription Not Found'));
          else {
            conn.state.subs.delete(symbol);
            conn.send(status(pair, channel(sub), 'unsubscribed'));
          }
        } else {
          const result = this.subscribe(conn, symbol, pair, depth);
          if ('error' in result) conn.send(error(pair, result.error));
          else {
            const ack = status(pair, channel(result.sub), 'subscribed');
            const snapshot = this.snapshot(conn, result.sub);
            conn.send(ack);
            if (result.twice) conn.send(ack);
            conn.send(snapshot);
            if (result.twice) conn.send(snapshot);
          }
        }
      }
    }
  }

  private onV2(conn: Conn, message: Record<string, unknown>): void {
    const { method } = message;
    const reqId = Number.isInteger(message.req_id) ? `,"req_id":${String(message.req_id)}` : '';
    const timeIn = v2Time(Date.now());
    const times = () => `"time_in":"${timeIn}","time_out":"${v2Time(Date.now())}"${reqId}`;
    if (method === 'ping') {
      conn.send(`{"method":"pong",${times()}}`);
      return;
    }
    const fail = (text: string, symbol?: string) =>
      `{"error":${JSON.stringify(text)},"method":${JSON.stringify(method ?? null)},"success":false,` +
      `${symbol === undefined ? '' : `"symbol":${JSON.stringify(symbol)},`}${times()}}`;
    if (method !== 'subscribe' && method !== 'unsubscribe') {
      conn.send(fail('Method not found'));
      return;
    }
    const params = (message.params ?? {}) as { channel?: unknown; symbol?: unknown; depth?: unknown };
    const depth = params.depth ?? DEFAULT_DEPTH;
    if (params.channel !== 'book') {
      conn.send(fail('Channel not found'));
      return;
    }
    if (typeof depth !== 'number' || !KRAKEN_DEPTHS.includes(depth)) {
      conn.send(fail('Invalid depth'));
      return;
    }
    if (!Array.isArray(params.symbol) || params.symbol.length === 0 || !params.symbol.every((s) => typeof s === 'string')) {
      conn.send(fail('Symbol must be a non-empty array of strings'));
      return;
    }
    for (const name of params.symbol as string[]) {
      const symbol = this.names.resolve(name, 'v2');
      if (symbol === undefined) {
        conn.send(fail('Currency pair not supported', name));
        continue;
      }
      if (method === 'unsubscribe') {
        const sub = conn.state.subs.get(symbol);
        if (!sub || sub.depth !== depth) conn.send(fail('Subscription Not Found', name));
        else {
          conn.state.subs.delete(symbol);
          conn.send(`{"method":"unsubscribe","result":{"channel":"book","depth":${depth},"symbol":"${symbol}"},"success":true,${times()}}`);
        }
        continue;
      }
      const result = this.subscribe(conn, symbol, name, depth);
      if ('error' in result) {
        conn.send(fail(result.error, name));
        continue;
      }
      const ack = `{"method":"subscribe","result":{"channel":"book","depth":${depth},"snapshot":true,"symbol":"${symbol}"},"success":true,${times()}}`;
      const snapshot = this.snapshot(conn, result.sub);
      conn.send(ack);
      if (result.twice) conn.send(ack);
      conn.send(snapshot);
      if (result.twice) conn.send(snapshot);
    }
  }
}
