import { once } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { createChunkedBook } from '@lob/book-chunked';
import { MarketFeed, type Connector, type StreamListener } from '@lob/core';
import { createCoinbaseConnector } from './coinbase-connector.js';
import { isBookFrame, loadRecording } from './recordings.test-support.js';

/** What one run saw while a large snapshot went from the socket into a live book. */
export interface PauseFigures {
  /** Size of the snapshot frame, bytes. */
  readonly frameBytes: number;
  /** Levels in it, both sides. */
  readonly levels: number;
  /** Longest event-loop delay perf_hooks saw (ms), i.e. the longest stall any other book would have suffered. */
  readonly maxLoopDelayMs: number;
  /** Longest gap between ticks of a 1 ms interval, ms: how long a timer of another book waited at worst. */
  readonly longestTickGapMs: number;
  /** Longest single synchronous call into core for one frame or message (decode, route, book build), ms. */
  readonly longestCoreCallMs: number;
  /** Subscribe → book live, ms. */
  readonly totalMs: number;
}

/**
 * A BTC-USD-sized snapshot (about 5 MB, 46 668 levels): the recorded ETH-USD snapshot with every level doubled at a
 * price 0.00001 above the original, so the book stays uncrossed.
 */
export function largeSnapshot(): string {
  const frame = JSON.parse(loadRecording().frames.find(isBookFrame)!) as { events: [{ product_id: string; updates: { side: string; price_level: string }[] }] };
  const event = frame.events[0];
  event.product_id = 'BTC-USD';
  // ETH-USD ticks are 0.01: "1919.4" → "1919.40001" is a new price just above the original, never a crossing one.
  const shifted = event.updates.map((u) => ({ ...u, price_level: `${Number(u.price_level).toFixed(2)}001` }));
  event.updates = event.updates.concat(shifted);
  return JSON.stringify(frame);
}

/** Wraps a connector so every call into core for one frame or message is timed. */
function timed(connector: Connector, longest: { ms: number }): Connector {
  const time = <T extends unknown[]>(call: (...args: T) => void) => (...args: T): void => {
    const start = performance.now();
    call(...args);
    longest.ms = Math.max(longest.ms, performance.now() - start);
  };
  return Object.assign(Object.create(connector) as Connector, {
    openStream: (symbols: readonly string[], listener: StreamListener) =>
      connector.openStream(symbols, {
        ...listener,
        onFrame: time((frame: string) => listener.onFrame(frame)),
        ...(listener.onMessage === undefined ? {} : { onMessage: time(listener.onMessage.bind(listener)) }),
      }),
  });
}

/** A loopback server and the real connector against it, kept across runs (so the worker thread is started once). */
export interface PauseBench {
  run(): Promise<PauseFigures>;
  close(): Promise<void>;
}

/**
 * Prepares runs that stream `snapshot` through the real connector and MarketFeed over loopback, each measuring the
 * event loop from the feed's start until the book is live: perf_hooks' delay histogram, plus the longest gap between
 * ticks of a 1 ms interval standing for any other book's work waiting on this thread.
 */
export async function snapshotPauseBench(snapshot: string, offThreadFrameBytes: number): Promise<PauseBench> {
  // The server runs on a thread of its own: sending 5 MB costs its thread tens of ms, which must not be counted
  // as the client's pause.
  const server = await startServerThread(snapshot.replace(/"sequence_num":\d+/, '"sequence_num":1'));
  const connector = createCoinbaseConnector({ wsUrl: server.url, offThreadFrameBytes });
  return {
    async run(): Promise<PauseFigures> {
      const longest = { ms: 0 };
      const feed = new MarketFeed({ connector: timed(connector, longest), symbols: ['BTC-USD'], createBook: createChunkedBook });
      const histogram = monitorEventLoopDelay({ resolution: 1 });
      let lastTick = performance.now();
      let longestGapMs = 0;
      const ticker = setInterval(() => {
        const now = performance.now();
        longestGapMs = Math.max(longestGapMs, now - lastTick);
        lastTick = now;
      }, 1);
      const started = performance.now();
      histogram.enable();
      feed.start();
      while (feed.book('BTC-USD')!.state !== 'live') await new Promise((resolve) => setTimeout(resolve, 1));
      const totalMs = performance.now() - started;
      // The stall that made the book live ended just now: the ticker and the histogram see it only at their next
      // turn, so both keep running a little longer.
      await new Promise((resolve) => setTimeout(resolve, 20));
      histogram.disable();
      clearInterval(ticker);
      const view = feed.book('BTC-USD')!;
      const levels = view.book.size('bid') + view.book.size('ask');
      feed.stop();
      return { frameBytes: Buffer.byteLength(snapshot), levels, maxLoopDelayMs: histogram.max / 1e6, longestTickGapMs: longestGapMs, longestCoreCallMs: longest.ms, totalMs };
    },
    async close(): Promise<void> {
      await connector.close();
      await server.terminate();
    },
  };
}

// A minimal Coinbase on its own thread: every level2 subscribe is answered with a `subscriptions` message (number 0)
// and the snapshot (number 1, as given).
const SERVER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { WebSocketServer } = require('ws');
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 }, () => parentPort.postMessage(wss.address().port));
wss.on('connection', (socket) => socket.on('message', (data) => {
  const request = JSON.parse(data.toString());
  if (request.type !== 'subscribe' || request.channel !== 'level2') return;
  socket.send(JSON.stringify({ channel: 'subscriptions', sequence_num: 0, events: [{ subscriptions: { level2: request.product_ids } }] }));
  socket.send(workerData);
}));
`;

/** Starts the server thread; resolves with its URL once it listens. */
async function startServerThread(snapshot: string): Promise<{ url: string; terminate(): Promise<number> }> {
  const worker = new Worker(SERVER_SOURCE, { eval: true, workerData: snapshot });
  const [port] = (await once(worker, 'message')) as [number];
  return { url: `ws://127.0.0.1:${port}`, terminate: () => worker.terminate() };
}
