import { corruptBest } from '../market/corrupt-level.js';
import type { SimulatedMarket } from '../market/simulated-market.js';
import type { DepthEvent } from '../market/traffic-generator.js';
import type { VenueFaultState } from '../market/venue-faults.js';
import type { WireProtocol } from '../market/venue-exchange.js';
import type { WireConnection } from '../market/wire-connection.js';
import {
  coinbaseGoTime,
  coinbaseTimestamp,
  coinbaseUpdatesJson,
  formatCoinbaseError,
  formatCoinbaseMessage,
  l2Events,
} from './coinbase-wire-format.js';

/** The channels served: the order book and the keepalive. */
export const COINBASE_CHANNELS: readonly string[] = ['level2', 'heartbeats'];

/** One connection: its level2 products, whether it wants heartbeats, and its message counter. */
export interface CoinbaseConnState {
  readonly products: Set<string>;
  heartbeats: boolean;
  /** The sequence_num of the next message: it counts every message on the connection, across channels. */
  nextSequence: number;
  heartbeatCounter: number;
  lastHeartbeatAt: number;
}

type Conn = WireConnection<CoinbaseConnState>;

/** Coinbase Advanced Trade's market-data WebSocket, `level2` and `heartbeats` only. */
export class CoinbaseProtocol implements WireProtocol<CoinbaseConnState> {
  private readonly conns = new Set<Conn>();
  private readonly startedAt = Date.now();

  constructor(
    private readonly market: SimulatedMarket,
    private readonly faults: VenueFaultState,
    private readonly heartbeatMs: number,
  ) {}

  accepts(path: string): boolean {
    return path === '/';
  }

  newState(): CoinbaseConnState {
    return { products: new Set(), heartbeats: false, nextSequence: 0, heartbeatCounter: 0, lastHeartbeatAt: 0 };
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
      conn.send(formatCoinbaseError('Failed to parse the request'));
      return;
    }
    const { type, channel, product_ids: ids } = (message ?? {}) as { type?: unknown; channel?: unknown; product_ids?: unknown };
    if (type !== 'subscribe' && type !== 'unsubscribe') {
      conn.send(formatCoinbaseError(`Failed to subscribe: unknown message type ${JSON.stringify(type)}`));
      return;
    }
    if (typeof channel !== 'string' || !COINBASE_CHANNELS.includes(channel)) {
      conn.send(formatCoinbaseError(`Failed to subscribe: channel ${JSON.stringify(channel)} is not supported`));
      return;
    }
    if (channel === 'heartbeats') {
      conn.state.heartbeats = type === 'subscribe';
      this.sendSubscriptions(conn);
      return;
    }
    const products = Array.isArray(ids) ? (ids as unknown[]) : [];
    const unknown = products.filter((p) => typeof p !== 'string' || !this.market.has(p));
    if (products.length === 0 || unknown.length > 0) {
      conn.send(formatCoinbaseError(products.length === 0 ? 'Failed to subscribe: level2 needs product_ids' : `Failed to subscribe: unknown product_id ${unknown.map(String).join(',')}`));
      return;
    }
    const wanted = products as string[];
    if (type === 'unsubscribe') {
      for (const p of wanted) conn.state.products.delete(p);
      this.sendSubscriptions(conn);
      return;
    }
    const { faults } = this;
    if (wanted.some((p) => faults.take('subscription-error', p, undefined) || faults.take('subscription-error', p, conn.id))) {
      conn.send(formatCoinbaseError('Failed to subscribe: service unavailable'));
      return;
    }
    const twice = wanted.some((p) => faults.take('duplicate-subscribe', p, undefined) || faults.take('duplicate-subscribe', p, conn.id));
    for (const p of wanted) conn.state.products.add(p);
    // Taken once: a duplicated subscription gets the same book twice, only numbered apart.
    const snapshots = wanted.map((p) => this.snapshotBuilder(p));
    for (let round = 0; round < (twice ? 2 : 1); round++) {
      this.sendSubscriptions(conn);
      for (const build of snapshots) this.sendNumbered(conn, build);
    }
  }

  publish(productId: string, event: DepthEvent): void {
    const listening = [...this.conns].filter((c) => c.state.products.has(productId));
    if (listening.length === 0) return;
    const spec = this.market.spec(productId);
    const now = Date.now();
    const stamp = coinbaseTimestamp(now);
    const bids = [...event.bids].sort((a, b) => b[0] - a[0]);
    const asks = [...event.asks].sort((a, b) => a[0] - b[0]);
    const updates = coinbaseUpdatesJson(spec, bids, asks, stamp);
    const { faults } = this;
    // A fault meant for every connection is decided once per message, so `count` counts messages.
    const dropAll = faults.take('drop', productId, undefined);
    const malformedAll = faults.take('malformed', productId, undefined);
    const corruptAll = faults.take('corrupt', productId, undefined);
    for (const conn of listening) {
      // Stalled: the book is withheld, not numbered, so no hole shows; only the heartbeats go on.
      if (faults.stalled(productId, conn.id, now)) continue;
      if (dropAll || faults.take('drop', productId, conn.id)) {
        // Lost on the way: its number is used, so the client sees a hole in sequence_num.
        conn.state.nextSequence += 1;
        continue;
      }
      let events = l2Events('update', productId, updates);
      if (corruptAll || faults.take('corrupt', productId, conn.id)) {
        const wrong = corruptBest(asks, this.market.book(productId).asks, spec.lotUnits);
        events = l2Events('update', productId, coinbaseUpdatesJson(spec, bids, wrong, stamp));
      }
      const cut = malformedAll || faults.take('malformed', productId, conn.id);
      this.sendNumbered(conn, (n) => {
        const text = formatCoinbaseMessage('l2_data', stamp, n, events);
        return cut ? text.slice(0, Math.floor(text.length / 2)) : text;
      });
    }
  }

  onTimer(now: number): void {
    for (const conn of this.conns) {
      if (!conn.open || !conn.state.heartbeats || now - conn.state.lastHeartbeatAt < this.heartbeatMs) continue;
      conn.state.lastHeartbeatAt = now;
      conn.state.heartbeatCounter += 1;
      const events = `[{"current_time":"${coinbaseGoTime(now, now - this.startedAt)}","heartbeat_counter":${conn.state.heartbeatCounter}}]`;
      this.sendNumbered(conn, (n) => formatCoinbaseMessage('heartbeats', coinbaseTimestamp(now), n, events));
    }
  }

  /** The snapshot message of a product's whole true book now, to be numbered when sent. */
  snapshotBuilder(productId: string): (sequenceNum: number) => string {
    const spec = this.market.spec(productId);
    const book = this.market.book(productId);
    const stamp = coinbaseTimestamp(Date.now());
    const events = l2Events('snapshot', productId, coinbaseUpdatesJson(spec, book.bids.top(), book.asks.top(), stamp));
    return (n) => formatCoinbaseMessage('l2_data', stamp, n, events);
  }

  /** Sends the next message of the connection; its number is used even when a silence swallows it (a hole). */
  private sendNumbered(conn: Conn, build: (sequenceNum: number) => string): void {
    const n = conn.state.nextSequence;
    conn.state.nextSequence += 1;
    conn.send(build(n));
  }

  /** The `subscriptions` message: every subscription the connection holds now. */
  private sendSubscriptions(conn: Conn): void {
    const subs: Record<string, string[]> = {};
    if (conn.state.products.size > 0) subs.level2 = [...conn.state.products];
    if (conn.state.heartbeats) subs.heartbeats = ['heartbeats'];
    const events = `[${JSON.stringify({ subscriptions: subs })}]`;
    this.sendNumbered(conn, (n) => formatCoinbaseMessage('subscriptions', coinbaseTimestamp(Date.now()), n, events));
  }
}
