import { createChunkedBook } from '@lob/book-chunked';
import { createBinanceConnector } from '@lob/connector-binance';
import { MarketFeed, type BookView } from '@lob/core';
import { BinanceSim } from '@lob/exchange-sim';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { createMetrics } from '../metrics/metrics.js';
import { BookChanges } from './book-changes.js';
import { mirrorBook, type MirrorHandle } from './mirror-book.js';
import { createHttpApp } from './server.js';

const SYMBOL = 'BTCUSDT';
let sim: BinanceSim;
let feed: MarketFeed;
let app: FastifyInstance;
let mirror: MirrorHandle;
let view: BookView;

// The simulator ticks only when told, so the test can wait for a moment when lob and the mirror have both caught up.
beforeAll(async () => {
  sim = await BinanceSim.start({ market: 'spot', port: 0, symbols: [{ symbol: SYMBOL }], autoTick: false, randomFaults: false });
  const changes = new BookChanges();
  const connector = createBinanceConnector({ market: 'spot', venue: 'binance-spot', restUrl: sim.restUrl, wsUrl: sim.wsUrl, snapshotLimit: 100 });
  feed = new MarketFeed({
    connector,
    symbols: [SYMBOL],
    createBook: createChunkedBook,
    onEvent: (event) => changes.onEvent(event),
    onUpdate: (v, update) => changes.onUpdate(v, update),
    reconnect: { baseMs: 20, maxMs: 200 },
    snapshotRetry: { baseMs: 20, maxMs: 200 },
  });
  feed.start();
  view = feed.book(SYMBOL) as BookView;
  const metrics = createMetrics([feed], { processMetrics: false });
  app = await createHttpApp({ sources: [feed], registry: metrics.registry, changes });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  mirror = mirrorBook(`http://127.0.0.1:${port}`, 'binance-spot', SYMBOL, { reconnectDelayMs: 20 });
});

afterAll(async () => {
  await mirror.close();
  await app.close();
  feed.stop();
  await sim.close();
});

const levels = (book: BookView['book']): { bids: unknown[]; asks: unknown[] } => ({ bids: [...book.levels('bid')], asks: [...book.levels('ask')] });

/** Catches up a few more times after a new snapshot: the changes streamed on top of it must keep the copy equal. */
async function staysEqual(): Promise<void> {
  const seq = mirror.current.seq;
  for (let i = 0; i < 3; i++) {
    const { lob, copy } = await caughtUp();
    expect(copy).toEqual(lob);
  }
  expect(mirror.current.seq).toBeGreaterThan(seq);
}

/**
 * Ticks the exchange until lob's book is live at the exchange's id and the mirror live at lob's id (or `until` holds
 * too), then returns both books whole: every level, not only the exact top.
 */
async function caughtUp(until: () => boolean = () => true): Promise<{ lob: unknown; copy: unknown; id: number }> {
  for (;;) {
    sim.tick(1);
    await new Promise((r) => setTimeout(r, 15));
    const m = mirror.current;
    if (view.state === 'live' && view.lastUpdateId === sim.lastUpdateId(SYMBOL) && m.state === 'live' && m.lastUpdateId === view.lastUpdateId && until()) {
      return { lob: levels(view.book), copy: levels(m.book), id: view.lastUpdateId };
    }
  }
}

describe('mirrorBook', () => {
  it('keeps a copy equal to lob\'s book, level for level, as updates stream', async () => {
    for (let i = 0; i < 5; i++) {
      const { lob, copy } = await caughtUp();
      expect(copy).toEqual(lob);
    }
    expect(mirror.current.seq).toBeGreaterThan(0);
  });

  it('stays equal through a gap lob resyncs on (resync notice, new snapshot)', async () => {
    const snapshots = mirror.current.snapshots;
    sim.inject({ kind: 'gap', symbol: SYMBOL });
    const { lob, copy } = await caughtUp(() => (view.stats.resyncs.gap ?? 0) > 0 && mirror.current.snapshots > snapshots);
    expect(copy).toEqual(lob);
    await staysEqual();
  });

  it('stays equal through lob\'s own reconnect to the exchange', async () => {
    const snapshots = mirror.current.snapshots;
    sim.inject({ kind: 'disconnect' });
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
