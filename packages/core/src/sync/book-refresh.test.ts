import { describe, expect, it } from '@jest/globals';
import { ReferenceOrderBook } from '../testing/reference-order-book.js';
import type { BookSnapshot, Level } from '../types.js';
import type { BookSyncOptions } from './book-sync.js';
import { event, harness, until } from './book-sync.test-support.js';

const SNAPSHOT_LEVELS = 10;

/** The exchange's whole book, of which a snapshot shows the top SNAPSHOT_LEVELS per side. */
class Exchange {
  readonly book = new ReferenceOrderBook();
  id = 100;

  constructor() {
    const bids: Level[] = [];
    const asks: Level[] = [];
    for (let i = 0; i < 40; i++) {
      bids.push([String(1000 - i), '1']);
      asks.push([String(1001 + i), '1']);
    }
    this.book.reset(bids, asks);
  }

  snapshot(): BookSnapshot {
    return { lastUpdateId: this.id, bids: this.book.top('bid', SNAPSHOT_LEVELS), asks: this.book.top('ask', SNAPSHOT_LEVELS) };
  }

  /** Takes the best bid away (prices fall), as one event. */
  sellOff() {
    const best = this.book.best('bid') as Level;
    this.book.set('bid', best[0], '0');
    this.id++;
    return event(this.id, this.id, [[best[0], '0']]);
  }
}

function refreshing(overrides: Partial<BookSyncOptions> = {}) {
  return harness({
    createBook: () => new ReferenceOrderBook(),
    depthWindow: { kind: 'snapshot-bounded', snapshotLevels: SNAPSHOT_LEVELS },
    minExactDepth: 4,
    refreshCheckEvery: 1,
    minRefreshIntervalMs: 0,
    ...overrides,
  });
}

async function liveOn(exchange: Exchange, overrides: Partial<BookSyncOptions> = {}) {
  const h = refreshing(overrides);
  h.sync.streamOpened();
  const first = exchange.sellOff();
  h.sync.onUpdate(first);
  h.requests[0]!.resolve({ ...exchange.snapshot(), lastUpdateId: exchange.id - 1, bids: [['1000', '1'], ...exchange.snapshot().bids.slice(0, 9)] });
  await until(() => h.sync.state === 'live');
  return h;
}

describe('exactDepth', () => {
  it('counts the top levels down to where the snapshot reached, and shrinks as the market moves into the unknown', async () => {
    const exchange = new Exchange();
    const { sync } = await liveOn(exchange, { minExactDepth: 0 });
    expect(sync.exactDepth).toEqual({ bids: 9, asks: 10 });
    exchange.book.set('bid', '1', '1'); // the exchange's book is deeper than any snapshot shows
    sync.onUpdate(exchange.sellOff());
    sync.onUpdate(exchange.sellOff());
    expect(sync.exactDepth).toEqual({ bids: 7, asks: 10 });
    expect(sync.book.top('bid', 7)).toEqual(exchange.book.top('bid', 7));
    expect(sync.book.size('bid')).toBe(7); // the levels below the reach were never shown: holes, not zeros
  });

  it('treats a side that came back shorter than asked as whole, and an exchange-maintained window as exact', async () => {
    const short = harness({ depthWindow: { kind: 'snapshot-bounded', snapshotLevels: 10 } });
    short.sync.streamOpened();
    short.sync.onUpdate(event(5, 5));
    short.requests[0]!.resolve({ lastUpdateId: 4, bids: [['1', '1'], ['0.5', '1']], asks: [['2', '1']] });
    await until(() => short.sync.state === 'live');
    expect(short.sync.exactDepth).toEqual({ bids: 2, asks: 1 });
    const maintained = harness({ depthWindow: { kind: 'exchange-maintained' } });
    maintained.sync.streamOpened();
    maintained.sync.onUpdate(event(5, 5));
    maintained.requests[0]!.resolve({ lastUpdateId: 4, bids: Array.from({ length: 10 }, (_, i) => [String(10 - i), '1'] as Level), asks: [['20', '1']] });
    await until(() => maintained.sync.state === 'live');
    expect(maintained.sync.exactDepth).toEqual({ bids: 10, asks: 1 });
  });

  it('is zero while the book is not live', () => {
    const { sync } = refreshing();
    sync.streamOpened();
    expect(sync.exactDepth).toEqual({ bids: 0, asks: 0 });
  });
});

describe('background refresh (make-before-break)', () => {
  it('fetches at the lowest priority before the floor is reached, stays live meanwhile, and swaps in a book equal to the exchange at the same id', async () => {
    const exchange = new Exchange();
    const { sync, requests, events } = await liveOn(exchange);
    const seen: { state: string; id: number; bids: number }[] = [];
    const watch = (): void => void seen.push({ state: sync.state, id: sync.lastUpdateId, bids: sync.exactDepth.bids });
    // 9 exact bids; the refresh starts below ceil((4 + 10) / 2) = 7.
    for (let i = 0; i < 3; i++) {
      sync.onUpdate(exchange.sellOff());
      watch();
    }
    expect(requests).toHaveLength(2);
    expect(requests[1]!.priority).toBe('refresh');
    const refreshSnapshot = exchange.snapshot();
    for (let i = 0; i < 2; i++) {
      sync.onUpdate(exchange.sellOff());
      watch();
    }
    expect(requests).toHaveLength(2); // one refresh at a time
    requests[1]!.resolve(refreshSnapshot);
    await until(() => sync.stats.refreshes === 1);
    watch();
    expect(seen.every((s) => s.state === 'live')).toBe(true);
    expect(seen.map((s) => s.id)).toEqual([...seen.map((s) => s.id)].sort((a, b) => a - b));
    expect(sync.lastUpdateId).toBe(exchange.id);
    expect([...sync.book.levels('bid')]).toEqual(exchange.book.top('bid', sync.book.size('bid')));
    expect(sync.exactDepth.bids).toBe(8); // the refresh snapshot's 10 levels, two of them sold off since
    expect(Math.min(...seen.map((s) => s.bids))).toBeGreaterThanOrEqual(4);
    expect(events.some((e) => e.kind === 'snapshot' && e.outcome === 'refreshed')).toBe(true);
    expect(events.filter((e) => e.kind === 'book').map((e) => (e as { state: string }).state)).toEqual(['syncing', 'live']);
  });

  it('holds a refresh snapshot newer than the live book until the book has caught up with it', async () => {
    const exchange = new Exchange();
    const { sync, requests } = await liveOn(exchange);
    const pending: ReturnType<Exchange['sellOff']>[] = [];
    for (let i = 0; i < 3; i++) sync.onUpdate(exchange.sellOff());
    expect(requests[1]?.priority).toBe('refresh');
    // The exchange moves on before its events reach us.
    for (let i = 0; i < 2; i++) pending.push(exchange.sellOff());
    requests[1]!.resolve(exchange.snapshot());
    await new Promise((resolve) => setImmediate(resolve));
    expect(sync.stats.refreshes).toBe(0);
    for (const update of pending) sync.onUpdate(update);
    expect(sync.stats.refreshes).toBe(1);
    expect(sync.lastUpdateId).toBe(exchange.id);
    expect([...sync.book.levels('bid')]).toEqual(exchange.book.top('bid', sync.book.size('bid')));
  });

  it('keeps the live book when no refresh snapshot fits it', async () => {
    const exchange = new Exchange();
    const { sync, requests, events } = await liveOn(exchange);
    for (let i = 0; i < 3; i++) sync.onUpdate(exchange.sellOff());
    const before = [...sync.book.levels('bid')];
    const stale = { ...exchange.snapshot(), lastUpdateId: 50 };
    for (let attempt = 1; attempt <= 3; attempt++) {
      await until(() => requests.length === attempt + 1);
      requests[attempt]!.resolve(stale);
    }
    await until(() => events.some((e) => e.kind === 'snapshot' && e.outcome === 'refresh-abandoned'));
    expect(sync.state).toBe('live');
    expect(sync.stats.refreshes).toBe(0);
    expect([...sync.book.levels('bid')]).toEqual(before);
  });

  it('is abandoned when the book resyncs', async () => {
    const exchange = new Exchange();
    const { sync, requests } = await liveOn(exchange);
    for (let i = 0; i < 3; i++) sync.onUpdate(exchange.sellOff());
    expect(requests[1]?.priority).toBe('refresh');
    sync.onUpdate(event(exchange.id + 5, exchange.id + 6));
    expect(sync.state).toBe('resyncing');
    expect(requests[1]!.signal.aborted).toBe(true);
    expect(requests[2]?.priority).toBe('resync');
  });
});

describe('no refresh where nothing erodes', () => {
  it('never refreshes a side the snapshot showed whole, however thin it is', async () => {
    const { sync, requests } = refreshing({ minExactDepth: 8 });
    sync.streamOpened();
    sync.onUpdate(event(5, 5));
    requests[0]!.resolve({ lastUpdateId: 4, bids: [['1', '1'], ['0.5', '1']], asks: [['2', '1']] });
    await until(() => sync.state === 'live');
    for (let id = 6; id < 100; id++) sync.onUpdate(event(id, id, [['0.9', String(id)]]));
    expect(requests).toHaveLength(1);
    expect(sync.exactDepth).toEqual({ bids: 3, asks: 1 });
  });
});
