import type { SimulatedMarket } from '../market/simulated-market.js';
import type { DepthEvent } from '../market/traffic-generator.js';
import { corruptBest } from '../market/corrupt-level.js';
import type { Level } from '../market/true-book.js';
import type { VenueFaultState } from '../market/venue-faults.js';
import type { WireProtocol } from '../market/venue-exchange.js';
import type { WireConnection } from '../market/wire-connection.js';
import { okxChecksum } from './okx-checksum.js';
import { formatOkxBook, formatOkxError, okxArg, okxLevelsJson, okxPrice, okxSize } from './okx-wire-format.js';

/** The book channels served, both 400 levels deep (books pushes every 100 ms on OKX, books-l2-tbt tick by tick). */
export const OKX_BOOK_CHANNELS: readonly string[] = ['books', 'books-l2-tbt'];
/** Levels per side OKX keeps in these channels' window. */
export const OKX_BOOK_DEPTH = 400;
/** The WebSocket path of OKX's public channels. */
export const OKX_PUBLIC_PATH = '/ws/v5/public';

/** One connection's subscriptions, keyed `channel instId`. */
export interface OkxConnState {
  readonly subs: Map<string, { channel: string; instId: string }>;
}

type Conn = WireConnection<OkxConnState>;

/** The strings of the top `n` levels of a side. */
export function okxTop(market: SimulatedMarket, instId: string, side: 'bid' | 'ask', n: number): [string, string][] {
  const spec = market.spec(instId);
  return market
    .book(instId)
    .sideOf(side)
    .top(n)
    .map(([tick, qty]) => [okxPrice(spec, tick), okxSize(spec, qty)]);
}

/** The checksum OKX would send for the true book of `instId` now. */
export function okxBookChecksum(market: SimulatedMarket, instId: string): number {
  return okxChecksum(okxTop(market, instId, 'bid', 25), okxTop(market, instId, 'ask', 25));
}

const byPriceAsc = (a: Level, b: Level) => a[0] - b[0];
const byPriceDesc = (a: Level, b: Level) => b[0] - a[0];

/** OKX's v5 public WebSocket, order-book channels only: subscribe, unsubscribe, snapshot + updates, ping. */
export class OkxProtocol implements WireProtocol<OkxConnState> {
  private readonly conns = new Set<Conn>();

  constructor(
    private readonly market: SimulatedMarket,
    private readonly faults: VenueFaultState,
    /** Close a connection that was sent nothing for this long (OKX: 30 s); undefined: never. */
    private readonly idleTimeoutMs: number | undefined,
  ) {}

  accepts(path: string): boolean {
    return path === OKX_PUBLIC_PATH;
  }

  newState(): OkxConnState {
    return { subs: new Map() };
  }

  onOpen(conn: Conn): void {
    this.conns.add(conn);
  }

  onClose(conn: Conn): void {
    this.conns.delete(conn);
  }

  onMessage(conn: Conn, text: string): void {
    // OKX's keepalive is the bare text "ping", answered by the bare text "pong".
    if (text === 'ping') {
      conn.send('pong');
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      conn.send(formatOkxError('60012', `Invalid request: ${text}`, conn.id));
      return;
    }
    const { op, args } = (message ?? {}) as { op?: unknown; args?: unknown };
    if ((op !== 'subscribe' && op !== 'unsubscribe') || !Array.isArray(args) || args.length === 0) {
      conn.send(formatOkxError('60012', `Invalid request: ${text}`, conn.id));
      return;
    }
    for (const arg of args as unknown[]) {
      const { channel, instId } = (arg ?? {}) as { channel?: unknown; instId?: unknown };
      if (typeof channel !== 'string' || typeof instId !== 'string' || !OKX_BOOK_CHANNELS.includes(channel) || !this.market.has(instId)) {
        const msg = `Wrong URL or channel:${String(channel)},instId:${String(instId)} doesn't exist. Please use the correct URL, channel and parameters referring to API document.`;
        conn.send(formatOkxError('60018', msg, conn.id));
        continue;
      }
      if (op === 'subscribe') this.subscribe(conn, channel, instId);
      else this.unsubscribe(conn, channel, instId);
    }
  }

  publish(instId: string, event: DepthEvent): void {
    const listening: { conn: Conn; channel: string }[] = [];
    for (const conn of this.conns) {
      for (const sub of conn.state.subs.values()) if (sub.instId === instId) listening.push({ conn, channel: sub.channel });
    }
    if (listening.length === 0) return;
    const spec = this.market.spec(instId);
    const asks = [...event.asks].sort(byPriceAsc);
    const bids = [...event.bids].sort(byPriceDesc);
    const fields = {
      instId,
      action: 'update' as const,
      asks: okxLevelsJson(spec, asks),
      bids: okxLevelsJson(spec, bids),
      ts: Date.now(),
      checksum: okxBookChecksum(this.market, instId),
      prevSeqId: event.pu,
      seqId: event.u,
    };
    const { faults } = this;
    const now = Date.now();
    // A fault meant for every connection is decided once per message, so `count` counts messages.
    const dropAll = faults.take('drop', instId, undefined);
    const malformedAll = faults.take('malformed', instId, undefined);
    const corruptAll = faults.take('corrupt', instId, undefined);
    for (const { conn, channel } of listening) {
      if (faults.stalled(instId, conn.id, now)) continue;
      if (dropAll || faults.take('drop', instId, conn.id)) continue;
      let text: string;
      if (corruptAll || faults.take('corrupt', instId, conn.id)) {
        // The best ask goes out one lot off; the checksum stays the true book's, so a client that checks it notices.
        const wrong = corruptBest(asks, this.market.book(instId).asks, spec.lotUnits);
        text = formatOkxBook({ ...fields, channel, asks: okxLevelsJson(spec, wrong) });
      } else {
        text = formatOkxBook({ ...fields, channel });
      }
      if (malformedAll || faults.take('malformed', instId, conn.id)) text = text.slice(0, Math.floor(text.length / 2));
      conn.send(text);
    }
  }

  onTimer(now: number): void {
    const idle = this.idleTimeoutMs;
    if (idle === undefined) return;
    for (const conn of this.conns) {
      if (conn.open && now - conn.lastSentAt >= idle) conn.socket.close(4004, 'No data received in 30s.');
    }
  }

  /** The snapshot push of an instrument's true book now. */
  snapshotText(channel: string, instId: string): string {
    const spec = this.market.spec(instId);
    const book = this.market.book(instId);
    return formatOkxBook({
      channel,
      instId,
      action: 'snapshot',
      asks: okxLevelsJson(spec, book.asks.top(OKX_BOOK_DEPTH)),
      bids: okxLevelsJson(spec, book.bids.top(OKX_BOOK_DEPTH)),
      ts: Date.now(),
      checksum: okxBookChecksum(this.market, instId),
      prevSeqId: -1,
      seqId: book.lastUpdateId,
    });
  }

  private subscribe(conn: Conn, channel: string, instId: string): void {
    const { faults } = this;
    if (faults.take('subscription-error', instId, undefined) || faults.take('subscription-error', instId, conn.id)) {
      conn.send(formatOkxError('50001', 'Service temporarily unavailable. Please try again later.', conn.id));
      return;
    }
    conn.state.subs.set(`${channel} ${instId}`, { channel, instId });
    const twice = faults.take('duplicate-subscribe', instId, undefined) || faults.take('duplicate-subscribe', instId, conn.id);
    const ack = `{"event":"subscribe","arg":${okxArg(channel, instId)},"connId":"${conn.id}"}`;
    const snapshot = this.snapshotText(channel, instId);
    // As recorded on 2022-02-27: a duplicate subscription gives two acknowledgements, then two identical snapshots.
    conn.send(ack);
    if (twice) conn.send(ack);
    conn.send(snapshot);
    if (twice) conn.send(snapshot);
  }

  private unsubscribe(conn: Conn, channel: string, instId: string): void {
    conn.state.subs.delete(`${channel} ${instId}`);
    conn.send(`{"event":"unsubscribe","arg":${okxArg(channel, instId)},"connId":"${conn.id}"}`);
  }
}
