import { createChunkedBook } from '@lob/book-chunked';
import { createBinanceConnector } from '@lob/connector-binance';
import { createOkxConnector } from '@lob/connector-okx';
import { MarketFeed, type BookView, type Connector, type ResyncCause } from '@lob/core';
import { BinanceSim, OkxSim } from '@lob/exchange-sim';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { bookTimes } from '@lob/book-stream';
import { createMetrics } from '../metrics/metrics.js';
import { BookChanges } from './book-changes.js';
import { mirrorBook, type MirrorHandle } from './mirror-book.js';
import { createHttpApp } from './server.js';

/** A simulated venue that ticks only when told, so a test can wait for a moment when lob and the mirror caught up. */
interface Venue {
  readonly market: string;
  readonly symbol: string;
  readonly connector: Connector;
  /** The exchange's id of its true book now. */
  trueId(): number;
  tick(): void;
  /** A fault that makes lob resync the book, and the cause lob counts it under. */
  fault(): ResyncCause;
  /** A fault that makes lob reconnect to the exchange. */
  disconnect(): void;
  close(): Promise<void>;
}

async function binance(): Promise<Venue> {
  const sim = await BinanceSim.start({ market: 'spot', port: 0, symbols: [{ symbol: 'BTCUSDT' }], autoTick: false, randomFaults: false });
  return {
    market: 'binance-spot',
    symbol: 'BTCUSDT',
    connector: createBinanceConnector({ market: 'spot', venue: 'binance-spot', restUrl: sim.restUrl, wsUrl: sim.wsUrl, snapshotLimit: 100 }),
    trueId: () => sim.lastUpdateId('BTCUSDT'),
    tick: () => sim.tick(1),
    fault: () => (sim.inject({ kind: 'gap', symbol: 'BTCUSDT' }), 'gap'),
    disconnect: () => sim.inject({ kind: 'disconnect' }),
    close: () => sim.close(),
  };
}

// OKX sends its snapshots in the stream: a resync replaces the book with no update callback.
async function okx(): Promise<Venue> {
  const sim = await OkxSim.start({ port: 0, instruments: [{ instId: 'BTC-USDT' }], randomFaults: false });
  sim.pause();
  return {
    market: 'okx',
    symbol: 'BTC-USDT',
    connector: createOkxConnector({ restUrl: sim.restUrl, wsUrl: sim.wsUrl }),
    trueId: () => sim.seqId('BTC-USDT'),
    tick: () => sim.tick(1),
    fault: () => (sim.inject({ kind: 'drop', symbol: 'BTC-USDT' }), 'gap'),
    disconnect: () => sim.inject({ kind: 'disconnect' }),
    close: () => sim.close(),
  };
}

describe.each([
  ['Binance spot (REST snapshots)', binance],
  ['OKX (snapshots in the stream)', okx],
])('mirrorBook against %s', (_name, start) => {
  let venue: Venue;
  let feed: MarketFeed;
  let app: FastifyInstance;
  let mirror: MirrorHandle;
  let view: BookView;

  beforeAll(async () => {
    venue = await start();
    const changes = new BookChanges();
    feed = new MarketFeed({
      connector: venue.connector,
      symbols: [venue.symbol],
      createBook: createChunkedBook,
      onEvent: (event) => changes.onEvent(event),
      onUpdate: (v, update) => changes.onUpdate(v, update),
      reconnect: { baseMs: 20, maxMs: 200 },
      snapshotRetry: { baseMs: 20, maxMs: 200 },
    });
    feed.start();
    view = feed.book(venue.symbol) as BookView;
    const metrics = createMetrics([feed], { processMetrics: false });
    app = await createHttpApp({ sources: [feed], registry: metrics.registry, changes });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    mirror = mirrorBook(`http://127.0.0.1:${port}`, venue.market, venue.symbol, { reconnectDelayMs: 20 });
  });

  afterAll(async () => {
    await mirror.close();
    await app.close();
    feed.stop();
    await venue.close();
  });

  const levels = (book: BookView['book']): { bids: unknown[]; asks: unknown[] } => ({ bids: [...book.levels('bid')], asks: [...book.levels('ask')] });

  /**
   * Ticks the exchange until lob's book is live at the exchange's id and the mirror live at lob's id (and `until`
   * holds), then returns both books whole: every level, not only the exact top.
   */
  async function caughtUp(until: () => boolean = () => true): Promise<{ lob: unknown; copy: unknown }> {
    for (;;) {
      venue.tick();
      await new Promise((r) => setTimeout(r, 15));
      const m = mirror.current;
      if (view.state === 'live' && view.lastUpdateId === venue.trueId() && m.state === 'live' && m.lastUpdateId === view.lastUpdateId && until()) {
        return { lob: levels(view.book), copy: levels(m.book) };
      }
    }
  }

  /** Catches up a few more times: the changes streamed on top of a snapshot must keep the copy equal. */
  async function staysEqual(): Promise<void> {
    const seq = mirror.current.seq;
    for (let i = 0; i < 3; i++) {
      const { lob, copy } = await caughtUp();
      expect(copy).toEqual(lob);
    }
    expect(mirror.current.seq).toBeGreaterThan(seq);
  }

  it("carries the exchange, receive and apply times of the state of lob's book it copies", async () => {
    await caughtUp(() => view.stats.updatesApplied > 0);
    expect(mirror.current).toMatchObject(bookTimes(view));
    expect(mirror.current.receivedAt).toEqual(expect.any(Number));
  });

  it("keeps a copy equal to lob's book, level for level, as updates stream", async () => {
    await staysEqual();
  });

  it('stays equal through a fault lob resyncs on (resync notice, new snapshot)', async () => {
    const snapshots = mirror.current.snapshots;
    const cause = venue.fault();
    const { lob, copy } = await caughtUp(() => (view.stats.resyncs[cause] ?? 0) > 0 && mirror.current.snapshots > snapshots);
    expect(copy).toEqual(lob);
    await staysEqual();
  });

  it("stays equal through lob's own reconnect to the exchange", async () => {
    const snapshots = mirror.current.snapshots;
    venue.disconnect();
    const { lob, copy } = await caughtUp(() => (view.stats.resyncs.disconnect ?? 0) > 0 && mirror.current.snapshots > snapshots);
    expect(copy).toEqual(lob);
    await staysEqual();
  });

  it('stays equal after its own connection to lob is cut and it reconnects', async () => {
    const connections = mirror.current.connections;
    for (const client of (app as unknown as { websocketServer: { clients: Set<{ terminate(): void }> } }).websocketServer.clients) client.terminate();
    const { lob, copy } = await caughtUp(() => mirror.current.connections > connections);
    expect(copy).toEqual(lob);
    await staysEqual();
  });
});
