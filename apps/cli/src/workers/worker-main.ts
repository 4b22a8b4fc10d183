// The worker thread: keeps its share of the venues' books (its own connections, books and sync, as
// createMarketFeeds builds them on the main thread when there are no workers) and posts what happens to them.
import { parentPort, workerData } from 'node:worker_threads';
import { BookDiffSource } from '@lob/book-stream';
import type { BookView } from '@lob/core';
import { createMarketFeeds, type RunningMarket } from '../serve/market-feeds.js';
import { BookPoster } from './book-poster.js';
import { PermitClient, SharedSnapshotGate } from './shared-snapshot-gate.js';
import { ThreadFigures } from './thread-figures.js';
import type { FromWorker, PostedBookStats, ToWorker, WorkerSetup } from './worker-protocol.js';
import type { ConnectionCounts } from '../feeds/market-source.js';
import { crashHook } from './crash-hook.js';

const port = parentPort;
if (port === null) throw new Error('worker-main runs in a worker thread');
const setup = workerData as WorkerSetup;
const post = (message: FromWorker): void => port.postMessage(message);

const permits = new PermitClient(post);
const poster = new BookPoster((items) => post({ t: 'books', items }));
const figures = new ThreadFigures();
const sources = new Map<BookView, BookDiffSource>();
const sourceOf = new Map<string, BookDiffSource>();
const origin = `worker-${setup.worker}`;

const running: RunningMarket[] = createMarketFeeds(setup.markets, {
  onEvent: (event) => {
    poster.push({ event });
    if ('symbol' in event) sourceOf.get(keyOf(event.market, event.symbol))?.onEvent(event);
  },
  onUpdate: (view, update) => sources.get(view)?.onUpdate(update),
  gateFor: (settings) => new SharedSnapshotGate(settings.market, permits),
});
for (const { feed } of running) {
  for (const view of feed.books()) {
    const source = new BookDiffSource({ view, hasUpdateIds: feed.hasUpdateIds, emit: (message) => poster.push({ message }), origin });
    sources.set(view, source);
    sourceOf.set(keyOf(view.market, view.symbol), source);
  }
}

const statsTimer = setInterval(() => {
  const books: PostedBookStats[] = [];
  const connections: Record<string, ConnectionCounts> = {};
  for (const { feed } of running) {
    connections[feed.market] = feed.connections();
    for (const view of feed.books()) books.push({ market: view.market, symbol: view.symbol, stats: view.stats, lastUpdateId: view.lastUpdateId });
  }
  post({ t: 'stats', books, connections, thread: figures.read() });
}, setup.statsIntervalMs);

port.on('message', (message: ToWorker) => {
  switch (message.t) {
    case 'grant':
      return permits.granted(message.id);
    case 'refused':
      return permits.refused(message.id, new Error(message.error.message));
    case 'resync':
      return running.find((r) => r.feed.market === message.market)?.feed.resync(message.symbol, message.reason);
    case 'stop':
      return void stop();
    case 'crash':
      // As a bug would: thrown out of a callback of the loop, not caught by anything of ours.
      setImmediate(() => {
        throw new Error(message.message);
      });
      return;
  }
});

async function stop(): Promise<void> {
  clearInterval(statsTimer);
  figures.stop();
  for (const source of sources.values()) source.close();
  for (const { feed } of running) feed.stop();
  await Promise.allSettled(running.map((r) => r.connector.close()));
  poster.flush();
  post({ t: 'stopped' });
  port!.close();
}

function keyOf(market: string, symbol: string): string {
  return `${market}\u0000${symbol}`;
}

for (const { feed } of running) feed.start();
post({ t: 'ready' });

// Test hook (end-to-end tests of a real process): this worker's first thread throws after a while, as a bug would.
const hook = crashHook(process.env.LOB_TEST_CRASH_WORKER);
if (hook !== undefined && hook.worker === setup.worker && setup.life === 1) {
  setTimeout(() => {
    throw new Error(`crashed on purpose by LOB_TEST_CRASH_WORKER after ${hook.afterMs} ms`);
  }, hook.afterMs);
}
