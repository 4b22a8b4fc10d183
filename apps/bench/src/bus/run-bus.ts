import type { Level } from '@lob/core';
import { NatsBookMirror, type BusBookCopy } from '@lob/nats-consumer';
import { NatsServerError, startNatsServer, type NatsServer } from '@lob/nats-testing';
import { startSimProcess } from '../api-load/children.js';
import { percentile } from '../api-load/load-stats.js';
import type { BusReport } from './bus-report.js';
import { booksLive, startLob } from './lob-process.js';

/** The bus benchmark's name for --filter. */
export const BUS_TASK = 'bus/nats/publish-mirror';

/** How big and how long: the quick run is CI's smoke test, the full one 1 500 books (a venue's whole spot market). */
export interface BusPlan {
  readonly books: number;
  readonly tickMs: number;
  readonly windowSec: number;
  readonly consumers: number;
}

/** The plan of a quick or a full run: the full one is the workers benchmark's market (every book changing every ~250 ms). */
export function busPlan(quick: boolean): BusPlan {
  return { books: quick ? 60 : 1500, tickMs: 250, windowSec: quick ? 2 : 15, consumers: 2 };
}

/** A consumer whose copies apply 90 % of changes within this long of the exchange's event is caught up. */
const CAUGHT_UP_MS = 100;
/** How long the consumers get to read their backlog before the window starts anyway (the report says so). */
const CATCH_UP_LIMIT_MS = 180_000;

/** Symbols compared at each checkpoint, and checkpoints. */
const CHECKED_PER_CHECKPOINT = 10;
const CHECKPOINTS = 3;

/**
 * lob → NATS → consumers: a simulated Binance spot of `books` symbols in its own process, `lob serve --publish` in
 * another, a real nats-server, and `consumers` NatsBookMirror in this process. Measures what each consumer reads per
 * second, the exchange-to-copy latency, and compares copies with lob's own books at the same update id.
 */
export async function runBus(plan: BusPlan, progress: (text: string) => void): Promise<BusReport> {
  let nats: NatsServer;
  try {
    nats = await startNatsServer();
  } catch (error) {
    if (error instanceof NatsServerError && error.reason === 'binary-missing') return skipped(plan, 'no nats-server on this machine: apt-get install nats-server');
    throw error;
  }
  const sim = await startSimProcess(plan.books, plan.tickMs);
  // Shedding off: the bench reads lob's books and metrics to check the bus, whatever lob's load.
  const lob = startLob(['serve', '--market', 'spot', '--rest-url', sim.restUrl, '--ws-url', sim.wsUrl, '--pairs', sim.symbols.join(','), '--snapshot-limit', '100', '--publish', nats.url, '--http', '127.0.0.1:0', '--shed-above', '0']);
  const mirrors: NatsBookMirror[] = [];
  try {
    const url = await lob.url;
    progress(`bus: ${plan.books} books going live in lob`);
    // 1 500 snapshots of weight 5 are two weight minutes at least: give them five.
    const live = await booksLive(url, plan.books, 300_000).catch((error: Error) => {
      throw new Error(`bus: lob stopped answering (${error.message})`);
    });
    let measuring = false;
    const watch = new CopyWatch();
    const latencies: number[] = [];
    const busLegs: number[] = [];
    for (let i = 0; i < plan.consumers; i++) {
      mirrors.push(
        await NatsBookMirror.open({
          servers: nats.url,
          venue: 'binance-spot',
          onChange: (copy, change, message) => {
            if (i === 0) watch.onChange(copy);
            if (!measuring || change !== 'diff' || message?.type !== 'diff' || message.eventTime === null) return;
            const now = Date.now();
            latencies.push(now - message.eventTime);
            if (message.appliedAt !== null) busLegs.push(now - message.appliedAt);
          },
        }),
      );
    }
    progress(`bus: ${plan.consumers} consumers catching up`);
    await until(() => mirrors.every((m) => m.copies().filter((c) => c.live).length >= live), 120_000, 'a live copy of every live book').catch(async (error: Error) => {
      const copies = mirrors.map((m) => `${m.copies().filter((c) => c.live).length} live of ${m.copies().length} copies, ${m.copies().reduce((n, c) => n + c.gaps, 0)} gaps`);
      throw new Error(`${error.message} (${live} live in lob; readers: ${copies.join('; ')}; publisher dropped ${await publisherDropped(url)})`);
    });
    // A new consumer reads the stream from its oldest stored snapshot on: it is behind until it has read that backlog.
    // At 1 500 books the stored snapshots are up to a minute old: a minute of every book's changes to apply first.
    progress('bus: consumers reading their backlog');
    measuring = true;
    const backlogFrom = performance.now();
    let caughtUp = false;
    while (!caughtUp && performance.now() - backlogFrom < CATCH_UP_LIMIT_MS) {
      latencies.length = 0;
      await new Promise((resolve) => setTimeout(resolve, 500));
      caughtUp = latencies.length > 0 && percentile(latencies, 90) < CAUGHT_UP_MS;
    }
    const catchUpSec = (performance.now() - backlogFrom) / 1000;
    latencies.length = 0;
    busLegs.length = 0;
    const before = mirrors.map((m) => ({ ...m.stats }));
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, plan.windowSec * 1000));
    measuring = false;
    const seconds = (performance.now() - started) / 1000;
    const read = mirrors.map((m, i) => ({ messages: m.stats.messages - before[i]!.messages, bytes: m.stats.bytes - before[i]!.bytes }));
    progress('bus: comparing copies with lob at checkpoints');
    const checkpoints = await compareAtCheckpoints(url, mirrors[0]!, watch, sim.symbols);
    const dropped = await publisherDropped(url);
    return {
      books: plan.books,
      live,
      consumers: plan.consumers,
      windowSec: Math.round(seconds),
      messagesPerSec: read.reduce((n, r) => n + r.messages, 0) / read.length / seconds,
      bytesPerSec: read.reduce((n, r) => n + r.bytes, 0) / read.length / seconds,
      endToEndP50Ms: percentile(latencies, 50),
      endToEndP99Ms: percentile(latencies, 99),
      busP99Ms: percentile(busLegs, 99),
      checkpoints,
      dropped,
      catchUpSec,
      caughtUp,
    };
  } catch (error) {
    // What lob said last is what explains a failure here (a request refused, lob gone): it goes with the error.
    const ended = lob.child.exitCode ?? lob.child.signalCode;
    throw new Error(`${(error as Error).message}; lob ${ended === null ? 'is running' : `ended (${ended})`}; its last log lines:\n${lob.logTail()}`, { cause: error });
  } finally {
    await Promise.allSettled(mirrors.map((m) => m.close()));
    await lob.stop();
    await sim.stop();
    await nats.stop();
  }
}

/** Compares a consumer's copies with lob's served books at the same update id, every level of both sides. */
async function compareAtCheckpoints(url: string, mirror: NatsBookMirror, watch: CopyWatch, symbols: readonly string[]): Promise<{ compared: number; equal: number }> {
  let compared = 0;
  let equal = 0;
  for (let c = 0; c < CHECKPOINTS; c++) {
    for (let i = 0; i < CHECKED_PER_CHECKPOINT; i++) {
      const symbol = symbols[(c * 7919 + i * 104_729) % symbols.length]!;
      const copy = mirror.copy(symbol);
      if (copy === undefined) continue;
      const same = await sameAtOneId(url, symbol, copy, watch);
      if (same === undefined) continue;
      compared++;
      if (same) equal++;
    }
  }
  return { compared, equal };
}

/** Levels of a book, both sides, as one comparable text. */
function levelsText(book: { top(side: 'bid' | 'ask', n: number): Level[]; size(side: 'bid' | 'ask'): number }): string {
  return JSON.stringify([book.top('bid', book.size('bid')), book.top('ask', book.size('ask'))]);
}

/**
 * Catches a copy at one update id: the consumer applies a batch of messages in one go, so polling would miss the
 * moment; the mirror's change hook takes the copy's levels when it reaches the id asked for.
 */
class CopyWatch {
  private readonly wanted = new Map<BusBookCopy, { id: number; done: (levels: string | undefined) => void }>();

  /** The copy's levels when it is live at `id`; undefined when it passes the id another way or not within 5 s. */
  at(copy: BusBookCopy, id: number): Promise<string | undefined> {
    if (copy.live && copy.replica.lastUpdateId === id) return Promise.resolve(levelsText(copy.replica.book));
    if ((copy.replica.lastUpdateId ?? 0) > id) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(undefined), 5_000);
      const finish = (levels: string | undefined): void => {
        clearTimeout(timer);
        this.wanted.delete(copy);
        resolve(levels);
      };
      this.wanted.set(copy, { id, done: finish });
    });
  }

  /** The mirror's change hook. */
  onChange(copy: BusBookCopy): void {
    const wanted = this.wanted.get(copy);
    if (wanted === undefined) return;
    const id = copy.replica.lastUpdateId ?? 0;
    if (copy.live && id === wanted.id) wanted.done(levelsText(copy.replica.book));
    else if (id > wanted.id) wanted.done(undefined);
  }
}

/** Reads lob's book, then the copy at the same update id, and compares them (undefined if they never meet). */
async function sameAtOneId(url: string, symbol: string, copy: BusBookCopy, watch: CopyWatch): Promise<boolean | undefined> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const response = await askLob(`${url}/books/binance-spot/${symbol}?depth=all`);
    if (!response.ok) continue; // shed while lob is busy: ask again
    const served = (await response.json()) as { lastUpdateId: number; state: string; bids: Level[]; asks: Level[] };
    if (served.state !== 'live') continue;
    const levels = await watch.at(copy, served.lastUpdateId);
    if (levels !== undefined) return levels === JSON.stringify([served.bids, served.asks]);
  }
  return undefined;
}

async function until(test: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`bus: not ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function skipped(plan: BusPlan, why: string): BusReport {
  return { books: plan.books, live: 0, consumers: plan.consumers, windowSec: 0, messagesPerSec: 0, bytesPerSec: 0, endToEndP50Ms: NaN, endToEndP99Ms: NaN, busP99Ms: NaN, checkpoints: { compared: 0, equal: 0 }, dropped: 0, catchUpSec: 0, caughtUp: false, skipped: why };
}

/**
 * GET from lob, asked again when the connection fails: a kept-alive socket that lob's server closes after 5 s idle
 * (Node's keepAliveTimeout) can race the next request on it, which then fails as "fetch failed" with lob alive.
 */
async function askLob(url: string): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url);
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** The publisher's dropped messages from lob's /metrics (asked again while lob sheds load: 503). */
async function publisherDropped(url: string): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const response = await askLob(`${url}/metrics`);
    if (response.ok) return Number(/^lob_publish_dropped_total (\d+)/m.exec(await response.text())?.[1] ?? NaN);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return NaN;
}
