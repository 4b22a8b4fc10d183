import type { DepthUpdate, Level } from '@lob/core';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { createMetrics } from '../metrics/metrics.js';
import { FakeSource, fakeBook, type FakeBook } from '../fake-source.test-support.js';
import { BookChanges } from './book-changes.js';
import { createHttpApp } from './server.js';
import type { StreamLimits } from './stream-limits.js';

/** A listening API over two fake Binance books and one Kraken book (no ids), with the feed hooks to drive them. */
export interface StreamHarness {
  readonly app: FastifyInstance;
  readonly changes: BookChanges;
  readonly btc: FakeBook;
  readonly eth: FakeBook;
  readonly kraken: FakeBook;
  /** ws://127.0.0.1:PORT */
  readonly base: string;
}

/** Starts the harness on a loopback port. */
export async function streamHarness(limits: Partial<StreamLimits> = {}, streamIntervalMs = 20): Promise<StreamHarness> {
  const btc = fakeBook('binance-spot', 'BTCUSDT', { bids: [['100.0', '1'], ['99.0', '2'], ['98.0', '3']], asks: [['101.0', '1'], ['102.0', '2']], lastUpdateId: 10 });
  const eth = fakeBook('binance-spot', 'ETHUSDT', { bids: [['30.0', '1']], asks: [['31.0', '1']], lastUpdateId: 5 });
  const kraken = fakeBook('kraken', 'BTC/USD', { bids: [['65000.0', '1']], asks: [['65001.0', '1']], lastUpdateId: 0, checksum: 42 });
  const sources = [new FakeSource('binance-spot', [btc, eth]), new FakeSource('kraken', [kraken], { exchange: 'kraken', hasUpdateIds: false, restSnapshots: false })];
  const changes = new BookChanges();
  const metrics = createMetrics(sources, { processMetrics: false });
  const app = await createHttpApp({ sources, registry: metrics.registry, streamIntervalMs, changes, streamLimits: limits });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { app, changes, btc, eth, kraken, base: `ws://127.0.0.1:${port}` };
}

let clock = 1_700_000_000_000;

/** Applies an exchange event to a fake book as BookSync does, then tells the feed hook (synchronously, as the feed does). */
export function applyUpdate(h: StreamHarness, view: FakeBook, bids: Level[], asks: Level[]): DepthUpdate {
  const update: DepthUpdate = { type: 'depth', symbol: view.symbol, firstId: view.lastUpdateId + 1, lastId: view.lastUpdateId + 1, prevLastId: view.lastUpdateId, eventTime: ++clock, bids, asks };
  view.book.apply('bid', bids);
  view.book.apply('ask', asks);
  view.lastUpdateId = update.lastId;
  view.stats.updatesApplied++;
  // As a feed stamps them: received 1 ms after the exchange's time, applied 2.25 ms later (µs fractions kept).
  view.stats.lastEventTime = update.eventTime;
  view.stats.lastReceivedAt = clock + 1;
  view.stats.lastAppliedAt = clock + 3.25;
  h.changes.onUpdate(view, update);
  return update;
}

/** Moves a fake book to a state and tells the feed hook, as BookSync's transition does. */
export function transition(h: StreamHarness, view: FakeBook, state: FakeBook['state'], reason: string): void {
  const previous = view.state;
  view.state = state;
  view.reason = reason;
  h.changes.onEvent({ kind: 'book', market: view.market, symbol: view.symbol, state, previous, reason, at: ++clock, ...(state === 'resyncing' ? { cause: 'gap' as const } : {}) });
}

/** A client that keeps every message it gets, and waits for the ones a test expects. */
export interface TestClient {
  readonly ws: WebSocket;
  readonly messages: Record<string, unknown>[];
  /** Resolves with the close code once the server closed the connection. */
  readonly closed: Promise<number>;
  /** Waits until `count` messages satisfy `match`, and returns them. */
  until(match: (m: Record<string, unknown>) => boolean, count?: number): Promise<Record<string, unknown>[]>;
  send(message: unknown): void;
}

/** Opens a WebSocket to the harness; rejects with the HTTP status when the upgrade is refused. */
export function openClient(h: StreamHarness, path: string, options: WebSocket.ClientOptions = {}): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${h.base}${path}`, options);
    const messages: Record<string, unknown>[] = [];
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>));
    ws.on('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        ws,
        messages,
        closed,
        send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
        until: async (match, count = 1) => {
          for (;;) {
            const found = messages.filter(match);
            if (found.length >= count) return found;
            if (ws.readyState === ws.CLOSED) throw new Error(`closed with ${found.length} of ${count} messages: ${JSON.stringify(messages).slice(0, 500)}`);
            await new Promise((r) => setTimeout(r, 5));
          }
        },
      }),
    );
  });
}

/** The HTTP status an upgrade was refused with. */
export async function refusedWith(h: StreamHarness, path: string, options: WebSocket.ClientOptions = {}): Promise<number> {
  try {
    const c = await openClient(h, path, options);
    c.ws.terminate();
    return 101;
  } catch (error) {
    return (error as { status?: number }).status ?? -1;
  }
}
