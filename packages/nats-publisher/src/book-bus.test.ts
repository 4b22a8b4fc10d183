import { describe, expect, it, afterEach } from '@jest/globals';
import { levelsOf, ScriptedBook } from '@lob/book-stream/testing';
import { NatsBookMirror, type BusBookCopy } from '@lob/nats-consumer';
import { startNatsServer, type NatsServer } from '@lob/nats-testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PublisherStatus } from './book-publisher.js';
import { BookPublisher } from './book-publisher.js';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'BNB/USD'];
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function until(test: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`not met within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A venue of scripted books, live, each tracked by the publisher and fed its updates as a feed would. */
class ScriptedVenue {
  readonly books = SYMBOLS.map((s) => new ScriptedBook('binance-spot', s));
  private n = 0;

  constructor(private readonly publisher: BookPublisher) {
    for (const book of this.books) publisher.track(book.view, true);
  }

  async goLive(): Promise<void> {
    for (const book of this.books) for (const event of book.goLive([['100.00', '1']], [['200.00', '1']], 1)) this.publisher.onEvent(event);
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** One update on every book; prices and quantities cycle so levels come and go. */
  step(): void {
    this.n++;
    for (const book of this.books) {
      const bid = (100 - (this.n % 37) / 100).toFixed(2);
      const ask = (200 + (this.n % 41) / 100).toFixed(2);
      const update = book.apply([[bid, this.n % 5 === 0 ? '0' : String(this.n)]], [[ask, this.n % 7 === 0 ? '0' : '0.5']]);
      this.publisher.onUpdate(book.view, update);
    }
  }

  steps(count: number): void {
    for (let i = 0; i < count; i++) this.step();
  }

  /** Whether a copy is live and equal to its book, level for level, at the same update id. */
  equalIn(mirror: NatsBookMirror): boolean {
    return this.books.every((book) => {
      const copy = mirror.copy(book.view.symbol);
      return copy !== undefined && copy.live && copy.replica.lastUpdateId === book.view.lastUpdateId && same(copy, book);
    });
  }
}

function same(copy: BusBookCopy, book: ScriptedBook): boolean {
  return JSON.stringify(levelsOf(copy.replica.book)) === JSON.stringify(levelsOf(book.view.book));
}

async function setUp(server?: NatsServer): Promise<{ server: NatsServer; publisher: BookPublisher; venue: ScriptedVenue }> {
  const nats = server ?? (await startNatsServer());
  if (server === undefined) cleanups.push(() => nats.stop());
  const publisher = await BookPublisher.connect({ servers: nats.url, origin: 'lob-test', snapshotEveryMs: 2_000 });
  cleanups.push(() => publisher.close());
  const venue = new ScriptedVenue(publisher);
  await venue.goLive();
  return { server: nats, publisher, venue };
}

/** Copies that went back in time (a live copy's seq falling, same producer): must stay empty. */
const backInTime: string[] = [];
afterEach(() => {
  expect(backInTime.splice(0)).toEqual([]);
});

/** Records a copy going back in time. */
function watchTime(): (copy: BusBookCopy) => void {
  const last = new Map<string, { seq: number; origin: string | undefined }>();
  return (copy) => {
    if (!copy.live) return;
    const before = last.get(copy.symbol);
    if (before !== undefined && before.origin === copy.replica.origin && copy.replica.seq < before.seq) backInTime.push(`${copy.symbol}: ${before.seq} → ${copy.replica.seq}`);
    last.set(copy.symbol, { seq: copy.replica.seq, origin: copy.replica.origin });
  };
}

async function openMirror(server: NatsServer, symbols?: string[], venue = 'binance-spot'): Promise<NatsBookMirror> {
  const mirror = await NatsBookMirror.open({ servers: server.url, venue, ...(symbols === undefined ? {} : { symbols }), onChange: watchTime() });
  cleanups.push(() => mirror.close());
  return mirror;
}

describe('the NATS bus (a real nats-server)', () => {
  it("rebuilds every book from the bucket's snapshot and the stream after it, equal at each checkpoint", async () => {
    const { server, publisher, venue } = await setUp();
    venue.steps(200);
    await until(() => publisher.stats.snapshotsStored >= SYMBOLS.length && publisher.stats.inFlight === 0, 'the snapshots stored');
    venue.steps(100); // after the stored snapshots: only the stream has these
    const mirror = await openMirror(server, SYMBOLS);
    await until(() => venue.equalIn(mirror), 'the copies equal to the books');
    for (let checkpoint = 0; checkpoint < 5; checkpoint++) {
      venue.steps(50);
      await until(() => venue.equalIn(mirror), `checkpoint ${checkpoint}`);
    }
    expect(mirror.copies().map((c) => c.gaps)).toEqual([0, 0, 0]);
    expect(publisher.stats.dropped).toBe(0);
  }, 60_000);

  it('stores quiet books again every period, so a reader hears a live publisher whose books do not change', async () => {
    const { server, publisher, venue } = await setUp();
    venue.steps(20);
    const mirror = await openMirror(server, SYMBOLS);
    await until(() => venue.equalIn(mirror), 'the copies equal');
    const heard = mirror.copies().map((c) => c.heardAt);
    // No change from here on: only the periodic snapshots (every 2 s here) reach the readers.
    await until(() => mirror.copies().every((c, i) => c.heardAt > (heard[i] as number)), 'every quiet book heard again');
    expect(publisher.stats.dropped).toBe(0);
  }, 60_000);

  it('finds every book of the venue when no symbols are named, and a restarted mirror catches up exactly', async () => {
    const { server, venue } = await setUp();
    venue.steps(50);
    const first = await openMirror(server);
    await until(() => venue.equalIn(first), 'the first mirror equal');
    expect(first.copies().map((c) => c.symbol).sort()).toEqual([...SYMBOLS].sort());
    await first.close();
    venue.steps(300); // while no mirror runs
    const second = await openMirror(server);
    await until(() => venue.equalIn(second), 'the restarted mirror equal');
  }, 60_000);

  it('counts what it drops while nats-server is down, and every copy is equal again once it is back', async () => {
    const { server, publisher, venue } = await setUp();
    const mirror = await openMirror(server, SYMBOLS);
    venue.steps(50);
    await until(() => venue.equalIn(mirror), 'equal before the restart');
    await server.kill();
    await until(() => !publisher.stats.connected, 'the publisher to see NATS gone');
    venue.steps(100); // the books keep running; these messages have nowhere to go
    expect(publisher.stats.dropped).toBeGreaterThan(0);
    await server.restart();
    await until(() => publisher.stats.connected, 'the publisher to reconnect');
    venue.steps(50);
    await until(() => venue.equalIn(mirror), 'equal after the restart', 40_000);
  }, 90_000);

  it('a slow consumer falls behind but ends equal: the stream keeps what it has not read', async () => {
    const { server, venue } = await setUp();
    let slowFor = 400;
    const inTime = watchTime();
    const mirror = await NatsBookMirror.open({
      servers: server.url,
      venue: 'binance-spot',
      symbols: SYMBOLS,
      onChange: (copy) => {
        inTime(copy);
        if (slowFor-- <= 0) return;
        const until = Date.now() + 3;
        while (Date.now() < until); // a consumer busy with each message
      },
    });
    cleanups.push(() => mirror.close());
    venue.steps(600);
    await until(() => venue.equalIn(mirror), 'the slow mirror equal', 40_000);
    expect(slowFor).toBeLessThanOrEqual(0);
  }, 60_000);
});

describe('a book larger than NATS takes in one message', () => {
  it('is said once and counted as dropped, while the other books are published', async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'lob-nats-conf-')), 'small.conf');
    writeFileSync(config, 'max_payload: 4096\n');
    const server = await startNatsServer({ extraArgs: ['-c', config] });
    cleanups.push(() => server.stop());
    const statuses: PublisherStatus[] = [];
    const publisher = await BookPublisher.connect({ servers: server.url, origin: 'lob-test', onStatus: (s) => statuses.push(s) });
    cleanups.push(() => publisher.close());
    const small = new ScriptedBook('okx', 'SMALL-USDT');
    const big = new ScriptedBook('okx', 'BIG-USDT');
    publisher.track(small.view, true);
    publisher.track(big.view, true);
    const deep = Array.from({ length: 300 }, (_, i): [string, string] => [(1000 - i).toFixed(2), '1.5']);
    for (const event of small.goLive([['1.00', '1']], [['2.00', '1']], 1)) publisher.onEvent(event);
    for (const event of big.goLive(deep, [['2000.00', '1']], 1)) publisher.onEvent(event);
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 20; i++) {
      publisher.onUpdate(small.view, small.apply([['1.00', String(i + 2)]], []));
      publisher.onUpdate(big.view, big.apply([['999.99', String(i + 2)]], []));
    }
    await until(() => publisher.stats.published >= 21 && publisher.stats.inFlight === 0, 'the small book published');
    const mirror = await openMirror(server, ['SMALL-USDT', 'BIG-USDT'], 'okx');
    await until(() => mirror.copy('SMALL-USDT')?.live === true && mirror.copy('SMALL-USDT')?.replica.lastUpdateId === small.view.lastUpdateId, 'the small copy live');
    expect(mirror.copy('BIG-USDT')?.live).toBe(false);
    expect(statuses.filter((s) => s.kind === 'too-large')).toHaveLength(1);
    expect(statuses[0]?.message).toMatch(/okx\.BIG-USDT.*max_payload of 4096/);
    expect(publisher.stats.dropped).toBeGreaterThanOrEqual(21);
  }, 60_000);
});

describe('a book moving from one lob instance to another (--shard auto)', () => {
  it("is followed by a reader across the move: the new instance's snapshot replaces the old one's copy", async () => {
    const server = await startNatsServer();
    cleanups.push(() => server.stop());
    const first = await BookPublisher.connect({ servers: server.url, origin: 'lob-a' });
    cleanups.push(() => first.close());
    const before = new ScriptedBook('binance-spot', 'BTCUSDT');
    first.track(before.view, true);
    for (const event of before.goLive([['100.00', '1']], [['101.00', '1']], 1)) first.onEvent(event);
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 30; i++) first.onUpdate(before.view, before.apply([[(99 - (i % 5) / 10).toFixed(2), String(i + 1)]], []));
    const mirror = await openMirror(server, ['BTCUSDT']);
    const copy = (): BusBookCopy | undefined => mirror.copy('BTCUSDT');
    await until(() => copy()?.live === true && copy()?.replica.lastUpdateId === before.view.lastUpdateId, 'the copy of the first instance');
    expect(copy()?.replica.origin).toBe('lob-a');

    // The first instance gives the book up; the second takes it, starting from a snapshot of the same exchange book.
    first.untrack('binance-spot', 'BTCUSDT');
    const second = await BookPublisher.connect({ servers: server.url, origin: 'lob-b' });
    cleanups.push(() => second.close());
    const after = new ScriptedBook('binance-spot', 'BTCUSDT');
    second.track(after.view, true);
    const levels = levelsOf(before.view.book);
    for (const event of after.goLive(levels.bids, levels.asks, before.view.lastUpdateId)) second.onEvent(event);
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 30; i++) second.onUpdate(after.view, after.apply([[(98 - (i % 7) / 10).toFixed(2), String(i + 7)]], []));
    await until(() => copy()?.replica.origin === 'lob-b' && copy()?.live === true && copy()?.replica.lastUpdateId === after.view.lastUpdateId, 'the copy of the second instance');
    expect(levelsOf(copy()!.replica.book)).toEqual(levelsOf(after.view.book));
  }, 60_000);
});
