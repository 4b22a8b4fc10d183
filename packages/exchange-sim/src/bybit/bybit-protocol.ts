import { corruptBest } from '../market/corrupt-level.js';
import type { SimulatedMarket } from '../market/simulated-market.js';
import type { DepthEvent } from '../market/traffic-generator.js';
import type { ArmedVenueFault, VenueFaultState } from '../market/venue-faults.js';
import type { WireProtocol } from '../market/venue-exchange.js';
import type { WireConnection } from '../market/wire-connection.js';
import type { BybitCategory } from './bybit-listings.js';
import { bybitLevelsJson, formatBybitBook, formatBybitResponse, type BybitStyle } from './bybit-wire-format.js';
import { BybitWindow } from './bybit-window.js';

/** The order-book depths Bybit v5 offers per side (spot, linear and inverse alike). */
export const BYBIT_DEPTHS: readonly number[] = [1, 50, 200, 1000];

/** The WebSocket path of a category's public stream. */
export function bybitPublicPath(category: BybitCategory): string {
  return `/v5/public/${category}`;
}

/** One connection's subscribed topics (`orderbook.200.BTCUSDT`). */
export interface BybitConnState {
  readonly topics: Set<string>;
}

type Conn = WireConnection<BybitConnState>;

/** One `orderbook.{depth}.{symbol}` stream as the exchange runs it: its window and its `u`, whoever listens. */
interface Stream {
  readonly topic: string;
  readonly symbol: string;
  readonly window: BybitWindow;
  /** The `u` of the last message of this topic (+1 per message; 1 again after a service restart). */
  u: number;
}

/** The symbol and depth a topic names, or undefined when it is not an order-book topic of a known symbol. */
function parseTopic(topic: unknown, market: SimulatedMarket): { depth: number; symbol: string } | undefined {
  if (typeof topic !== 'string') return undefined;
  const m = /^orderbook\.(\d+)\.([A-Z0-9]+)$/.exec(topic);
  if (!m || !BYBIT_DEPTHS.includes(Number(m[1])) || !market.has(m[2] as string)) return undefined;
  return { depth: Number(m[1]), symbol: m[2] as string };
}

/** Bybit's v5 public WebSocket of one category, order-book topics only: subscribe, unsubscribe, snapshot + deltas, ping. */
export class BybitProtocol implements WireProtocol<BybitConnState> {
  private readonly conns = new Set<Conn>();
  /** Every topic someone subscribed to since start, kept moving with the market so `u` never restarts by itself. */
  private readonly streams = new Map<string, Stream>();
  /** Bybit's cross-symbol `seq`: one more for every event of any symbol, so it only increases. */
  private seq: number;
  private readonly style: BybitStyle;

  constructor(
    private readonly market: SimulatedMarket,
    private readonly faults: VenueFaultState,
    private readonly category: BybitCategory,
    firstSeq: number,
  ) {
    this.seq = firstSeq;
    this.style = { trim: category === 'spot' };
  }

  accepts(path: string): boolean {
    return path === bybitPublicPath(this.category);
  }

  newState(): BybitConnState {
    return { topics: new Set() };
  }

  onOpen(conn: Conn): void {
    this.conns.add(conn);
  }

  onClose(conn: Conn): void {
    this.conns.delete(conn);
  }

  onMessage(conn: Conn, text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      conn.send(formatBybitResponse('', false, `error:unmarshal error, request:${text}`, conn.id, undefined));
      return;
    }
    const { op, args, req_id: reqId } = (message ?? {}) as { op?: unknown; args?: unknown; req_id?: unknown };
    if (op === 'ping') {
      conn.send(formatBybitResponse('ping', true, 'pong', conn.id, reqId));
      return;
    }
    if ((op !== 'subscribe' && op !== 'unsubscribe') || !Array.isArray(args) || args.length === 0) {
      conn.send(formatBybitResponse(typeof op === 'string' ? op : '', false, `error:request not supported, request:${text}`, conn.id, reqId));
      return;
    }
    const wanted = (args as unknown[]).map((topic) => ({ topic, parsed: parseTopic(topic, this.market) }));
    const invalid = wanted.filter((w) => w.parsed === undefined).map((w) => String(w.topic));
    if (op === 'unsubscribe') {
      for (const { topic } of wanted) conn.state.topics.delete(String(topic));
      conn.send(formatBybitResponse('unsubscribe', true, '', conn.id, reqId));
      return;
    }
    const symbols = wanted.flatMap((w) => (w.parsed ? [w.parsed.symbol] : []));
    const { faults } = this;
    if (symbols.some((s) => faults.take('subscription-error', s, undefined) || faults.take('subscription-error', s, conn.id))) {
      conn.send(formatBybitResponse('subscribe', false, 'error:service unavailable, please try again later', conn.id, reqId));
      return;
    }
    const already = wanted.filter((w) => w.parsed && conn.state.topics.has(String(w.topic))).map((w) => String(w.topic));
    // One answer per request: Bybit names the refused topics in ret_msg and still serves the others.
    if (invalid.length > 0) conn.send(formatBybitResponse('subscribe', false, `Invalid symbol :[${invalid.join(',')}]`, conn.id, reqId));
    else if (already.length > 0) conn.send(formatBybitResponse('subscribe', false, `error:already subscribed,topic:${already.join(',')}`, conn.id, reqId));
    else conn.send(formatBybitResponse('subscribe', true, '', conn.id, reqId));
    for (const { topic, parsed } of wanted) {
      if (!parsed || already.includes(String(topic))) continue;
      const stream = this.stream(String(topic), parsed.symbol, parsed.depth);
      conn.state.topics.add(stream.topic);
      const twice = faults.take('duplicate-subscribe', parsed.symbol, undefined) || faults.take('duplicate-subscribe', parsed.symbol, conn.id);
      const snapshot = this.snapshotText(stream);
      conn.send(snapshot);
      if (twice) conn.send(snapshot);
    }
  }

  publish(symbol: string, event: DepthEvent): void {
    this.seq += 1 + (event.u % 7);
    const book = this.market.book(symbol);
    const spec = this.market.spec(symbol);
    for (const stream of this.streams.values()) {
      if (stream.symbol !== symbol) continue;
      const diff = stream.window.advance(book, event);
      // Nothing changed inside this topic's window: Bybit sends nothing and `u` stays.
      if (diff.bids.length === 0 && diff.asks.length === 0) continue;
      stream.u += 1;
      const listening = [...this.conns].filter((c) => c.state.topics.has(stream.topic));
      if (listening.length === 0) continue;
      const now = Date.now();
      const fields = {
        topic: stream.topic,
        type: 'delta' as const,
        ts: now,
        symbol,
        bids: bybitLevelsJson(spec, this.style, diff.bids),
        asks: bybitLevelsJson(spec, this.style, diff.asks),
        u: stream.u,
        seq: this.seq,
        cts: now - 1,
      };
      const { faults } = this;
      // A fault meant for every connection is decided once per message, so `count` counts messages.
      const dropAll = faults.take('drop', symbol, undefined);
      const malformedAll = faults.take('malformed', symbol, undefined);
      const corruptAll = faults.take('corrupt', symbol, undefined);
      for (const conn of listening) {
        if (faults.stalled(symbol, conn.id, now)) continue;
        if (dropAll || faults.take('drop', symbol, conn.id)) continue;
        let text = formatBybitBook(fields);
        if (corruptAll || faults.take('corrupt', symbol, conn.id)) {
          // Bybit has no checksum: the best ask one lot off shows only against the true book.
          const wrong = corruptBest(diff.asks, book.asks, spec.lotUnits);
          text = formatBybitBook({ ...fields, asks: bybitLevelsJson(spec, this.style, wrong) });
        }
        if (malformedAll || faults.take('malformed', symbol, conn.id)) text = text.slice(0, Math.floor(text.length / 2));
        conn.send(text);
      }
    }
  }

  onTimer(): void {
    // Bybit sends nothing unasked besides book pushes: keepalive is the client's ping.
  }

  /** Service restart: every stream of the symbol (or of all) starts over at `u: 1` with a snapshot to its subscribers. */
  act(fault: ArmedVenueFault): boolean {
    if (fault.kind !== 'service-restart') return false;
    for (const stream of this.streams.values()) {
      if (fault.symbol !== undefined && stream.symbol !== fault.symbol) continue;
      stream.u = 1;
      const text = this.snapshotText(stream);
      for (const conn of this.conns) if (conn.state.topics.has(stream.topic)) conn.send(text);
    }
    return true;
  }

  /** The `u` of a topic's last message (undefined before anyone subscribed it). */
  updateId(topic: string): number | undefined {
    return this.streams.get(topic)?.u;
  }

  /** The cross-symbol `seq` of the last event. */
  lastSeq(): number {
    return this.seq;
  }

  private stream(topic: string, symbol: string, depth: number): Stream {
    let stream = this.streams.get(topic);
    if (!stream) {
      // A topic's ids start where a long-running exchange would be, not at 1 (1 means a restart).
      const book = this.market.book(symbol);
      stream = { topic, symbol, window: new BybitWindow(depth, book), u: 1000 + (book.lastUpdateId % 100_000) };
      this.streams.set(topic, stream);
    }
    return stream;
  }

  private snapshotText(stream: Stream): string {
    const spec = this.market.spec(stream.symbol);
    const book = this.market.book(stream.symbol);
    const now = Date.now();
    return formatBybitBook({
      topic: stream.topic,
      type: 'snapshot',
      ts: now,
      symbol: stream.symbol,
      bids: bybitLevelsJson(spec, this.style, book.bids.top(stream.window.depth)),
      asks: bybitLevelsJson(spec, this.style, book.asks.top(stream.window.depth)),
      u: stream.u,
      seq: this.seq,
      cts: now - 1,
    });
  }
}
