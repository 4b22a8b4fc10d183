import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createChunkedBook } from '@lob/book-chunked';
import { MarketFeed, type FeedEvent } from '@lob/core';
import { ReplaySim, listVenueRecordings } from '@lob/exchange-sim';
import { createCoinbaseConnector } from './coinbase-connector.js';
import {
  A,
  B,
  C,
  PRODUCTS,
  barrier,
  expectExact,
  held,
  matches,
  resyncCount,
  startSimFeed,
  stopAllSimFeeds,
  tickUntil,
  until,
  type SimFeed,
} from './coinbase-sim-feed.test-support.js';

// The real connector and core's MarketFeed against the exchange simulator's Coinbase over loopback: three products
// on one connection (and once split over two), every venue fault the simulator has, and after each recovery the
// checkpoint: every book live and equal to the simulator's true book level for level, exact strings.

afterEach(stopAllSimFeeds);

// Busy machine: a generous safety net for jest, never an assertion about speed.
const SAFETY_NET_MS = 60_000;

/** Three books live on one connection. */
async function threeLive(setup: Parameters<typeof startSimFeed>[0] = {}): Promise<SimFeed> {
  const h = await startSimFeed(setup);
  await until(() => h.feed.books().every((view) => view.state === 'live'), 'all three books live');
  return h;
}

const ALL = PRODUCTS.join(',');

describe('the Coinbase connector against the simulator: normal traffic', () => {
  it('after many rounds every book is the true book, string for string, with no update id', async () => {
    const h = await threeLive();
    await expectExact(h); // the snapshots alone
    h.sim.tick(60);
    await expectExact(h);
    for (const productId of PRODUCTS) {
      expect(h.book(productId).stats.updatesApplied).toBe(60);
      expect(resyncCount(h.book(productId))).toBe(0);
    }
    // One subscribe naming the three, nothing else.
    expect(h.tap.lines).toEqual([`subscribe ${ALL}@0`]);
    expect(h.feed.connections().reconnects).toBe(0);
  }, SAFETY_NET_MS);

  it('with the products over two connections, a hole on one resubscribes only the products it carries', async () => {
    const h = await threeLive({ connector: { maxSymbolsPerConnection: 2 } });
    expect(h.tap.connections).toBe(2);
    const on = (p: string) => h.tap.requests.find((r) => r.productId === p)!.connection;
    expect(on(A)).toBe(on(B));
    expect(on(C)).not.toBe(on(A));
    const ab = on(A);
    const c = on(C);
    h.sim.tick(10);
    await expectExact(h);

    // A's message is lost on its way: a hole in the sequence_num of the connection carrying A and B.
    h.sim.inject({ kind: 'drop', symbol: A });
    h.sim.tick(2);
    await until(() => h.book(A).stats.resyncs.gap === 1 && h.book(B).stats.resyncs.gap === 1, 'A and B resyncing on the hole');
    h.sim.tick(3);
    await expectExact(h);
    expect(h.tap.lines.slice(0, 2).sort()).toEqual([`subscribe ${A},${B}@${ab}`, `subscribe ${C}@${c}`].sort());
    expect(h.tap.lines.slice(2)).toEqual([`unsubscribe ${A},${B}@${ab}`, `subscribe ${A},${B}@${ab}`]);
    expect(h.book(A).stats.resyncs).toEqual({ gap: 1 });
    expect(h.book(B).stats.resyncs).toEqual({ gap: 1 });
    expect(h.book(C).stats.resyncs).toEqual({});
    expect(h.tap.opsFor(C)).toEqual([`subscribe@${c}`]);
    expect(h.feed.connections().reconnects).toBe(0);
  }, SAFETY_NET_MS);
});

describe('the Coinbase connector against the simulator: each fault heals, and the books are exact again', () => {
  it('drop: a hole in sequence_num resubscribes every product of the connection (one unsubscribe, one subscribe), exact again', async () => {
    const h = await threeLive();
    h.sim.tick(5);
    await expectExact(h);
    h.sim.inject({ kind: 'drop', symbol: B });
    h.sim.tick(2); // B's message is lost; its number is not
    await until(() => h.feed.books().every((view) => view.stats.resyncs.gap === 1), 'every book resyncing on the hole');
    await expectExact(h);
    for (const productId of PRODUCTS) expect(h.book(productId).stats.resyncs).toEqual({ gap: 1 });
    expect(h.tap.lines).toEqual([`subscribe ${ALL}@0`, `unsubscribe ${ALL}@0`, `subscribe ${ALL}@0`]);
    expect(h.tap.connections).toBe(1);
    h.sim.tick(5);
    await expectExact(h);
  }, SAFETY_NET_MS);

  it('corrupt: nothing catches it (no checksum, numbers whole), so the book holds one wrong quantity until that level next changes', async () => {
    const h = await threeLive();
    h.sim.tick(5);
    await expectExact(h);
    h.sim.inject({ kind: 'corrupt', symbol: A });
    h.sim.tick(1);
    await barrier(h);
    // Live, no resync of any kind, and wrong at exactly one level: the best ask, one lot off.
    const truth = h.sim.book(A);
    const mine = held(h, A);
    expect(h.book(A).state).toBe('live');
    expect(mine.bids).toEqual(truth.bids);
    const wrong = mine.asks.filter((level, i) => JSON.stringify(level) !== JSON.stringify(truth.asks[i]));
    expect(wrong).toHaveLength(1);
    expect(wrong[0]![0]).toBe(truth.asks[0]![0]);
    expect(Math.abs(Number(wrong[0]![1]) - Number(truth.asks[0]![1]))).toBeCloseTo(1e-8, 12);
    expect(mine.asks.length).toBe(truth.asks.length);
    // Coinbase's quantities are absolute: the next update of that price level overwrites the wrong one.
    await tickUntil(h, () => matches(h, A), 'the corrupted level updated again');
    await expectExact(h);
    for (const productId of PRODUCTS) expect(resyncCount(h.book(productId))).toBe(0);
    expect(h.tap.lines).toEqual([`subscribe ${ALL}@0`]);
  }, SAFETY_NET_MS);

  it('duplicate-subscribe: the subscriptions message and every snapshot come twice, numbered apart; the second replaces the first, no resync', async () => {
    const h = await threeLive({ beforeStart: (sim) => sim.inject({ kind: 'duplicate-subscribe', symbol: C }) });
    await until(() => h.feed.books().every((view) => view.stats.snapshotsFetched === 2), 'both snapshots of every product taken');
    h.sim.tick(10);
    await expectExact(h);
    // The simulator answers the whole request twice (C was in it): two subscriptions messages and two snapshots each.
    expect(h.decoded.filter((frame) => frame.startsWith('{"channel":"subscriptions"') && frame.includes('"level2"'))).toHaveLength(2);
    for (const productId of PRODUCTS) {
      expect(h.decoded.filter((frame) => frame.includes('"type":"snapshot"') && frame.includes(`"product_id":"${productId}"`))).toHaveLength(2);
    }
    for (const productId of PRODUCTS) expect(resyncCount(h.book(productId))).toBe(0);
    expect(h.tap.lines).toEqual([`subscribe ${ALL}@0`]);
  }, SAFETY_NET_MS);

  it('disconnect: the connection is reopened and every product subscribed again on it, exact again', async () => {
    const h = await threeLive();
    h.sim.tick(5);
    h.sim.inject({ kind: 'disconnect' });
    h.sim.tick(3); // the market moves on while the client is away
    await until(() => h.tap.connections === 2, 'reconnected');
    await expectExact(h);
    for (const productId of PRODUCTS) {
      expect(h.book(productId).stats.resyncs).toEqual({ disconnect: 1 });
      expect(h.tap.opsFor(productId)).toEqual(['subscribe@0', 'subscribe@1']);
    }
    h.sim.tick(5);
    await expectExact(h);
  }, SAFETY_NET_MS);

  it('silence: nothing at all arrives (not even heartbeats), so the watchdog recycles the connection and every product resubscribes', async () => {
    const h = await threeLive({ feed: { silenceTimeoutMs: 300 } });
    h.sim.tick(3);
    // Scoped to the open connection and far longer than the watchdog waits: the new one is served.
    h.sim.inject({ kind: 'silence', connection: h.sim.connectionIds()[0]!, durationMs: 60_000 });
    h.sim.tick(3);
    await until(() => h.tap.connections === 2 && h.feed.books().every((view) => view.state === 'live'), 'recycled on silence, live again');
    h.sim.tick(3);
    await expectExact(h);
    const closed = h.events.filter((e) => e.kind === 'connection' && e.state === 'closed');
    expect(closed.map((e) => ('cause' in e ? e.cause : undefined))).toEqual(['silence']);
    for (const productId of PRODUCTS) {
      expect(h.book(productId).stats.resyncs).toEqual({ silence: 1 });
      expect(h.tap.opsFor(productId)).toEqual(['subscribe@0', 'subscribe@1']);
    }
  }, SAFETY_NET_MS);

  it('stall with heartbeats: the connection and its sequence stay whole, the books sit live and stale; only the first updates after it, crossing the stale books, resync them', async () => {
    const h = await threeLive({ feed: { silenceTimeoutMs: 250 } });
    h.sim.tick(3);
    await expectExact(h);
    const heartbeats = () => h.decoded.filter((frame) => frame.startsWith('{"channel":"heartbeats"')).length;
    // Book messages withheld for 3x the silence timeout, their numbers never used; heartbeats go on, numbered.
    h.sim.inject({ kind: 'stall', durationMs: 750 });
    h.sim.tick(10); // withheld: the market moves on
    const before = heartbeats();
    await until(() => heartbeats() >= before + 3, 'three heartbeats during the stall');
    // Stuck but alive and whole: no hole, no checksum, so nothing tells the client its books are behind.
    expect(h.feed.books().map((view) => [view.state, resyncCount(view)])).toEqual([['live', 0], ['live', 0], ['live', 0]]);
    expect(PRODUCTS.filter((p) => !matches(h, p))).toEqual([...PRODUCTS]);
    expect(h.feed.connections().reconnects).toBe(0);
    // The stall over (heartbeats come at least 50 ms apart: 20 span more than its 750 ms, even if two were still on
    // their way when it began), with exactly
    // the ten rounds withheld: one round at a time until every book has resynced. Those rounds moved each market far
    // enough that its first updates after the stall cross the stale book, which core checks after every message.
    await until(() => heartbeats() >= before + 20, 'heartbeats past the end of the stall');
    await tickUntil(h, () => h.feed.books().every((view) => resyncCount(view) > 0), 'every book resynced after the stall');
    await expectExact(h);
    for (const productId of PRODUCTS) expect(h.book(productId).stats.resyncs).toEqual({ crossed: 1 });
    expect(h.feed.connections().reconnects).toBe(0);
    expect(h.tap.connections).toBe(1);
    for (const productId of PRODUCTS) expect(h.tap.opsFor(productId)).toEqual(['subscribe@0', 'unsubscribe@0', 'subscribe@0']);
  }, SAFETY_NET_MS);

  it('a short stall of one product that crosses nothing goes unseen: its book stays live and stale, never resynced, until Coinbase rewrites the levels it missed', async () => {
    const h = await threeLive();
    h.sim.tick(3);
    await expectExact(h);
    h.sim.inject({ kind: 'stall', symbol: A, durationMs: 300 });
    h.sim.tick(1); // A's update withheld, the others' delivered
    await barrier(h);
    expect(PRODUCTS.map((p) => [p, h.book(p).state, matches(h, p)])).toEqual([
      [A, 'live', false],
      [B, 'live', true],
      [C, 'live', true],
    ]);
    // The stall over (heartbeats come at least 50 ms apart: 10 span more than its 300 ms, even if two were still on
    // their way when it began), exactly one round withheld.
    const heartbeats = () => h.decoded.filter((frame) => frame.startsWith('{"channel":"heartbeats"')).length;
    const before = heartbeats();
    await until(() => heartbeats() >= before + 10, 'heartbeats past the end of the stall');
    const applied = h.book(A).stats.updatesApplied;
    await tickUntil(h, () => h.book(A).stats.updatesApplied > applied, "A's updates flowing again");
    expect(resyncCount(h.book(A))).toBe(0);
    // Quantities are absolute, so every level the later updates touch is right again; the book is whole once the
    // levels the lost update changed have been touched (within a few rounds here). Nothing else could repair it.
    await tickUntil(h, () => matches(h, A), 'the levels A missed rewritten');
    await expectExact(h);
    for (const productId of PRODUCTS) expect(resyncCount(h.book(productId))).toBe(0);
    expect(h.tap.lines).toEqual([`subscribe ${ALL}@0`]);
  }, SAFETY_NET_MS);

  it('malformed: a book message cut in half still shows its number and product, so that product alone resyncs', async () => {
    const h = await threeLive();
    h.sim.tick(3);
    await expectExact(h);
    h.sim.inject({ kind: 'malformed', symbol: C });
    h.sim.tick(1);
    await until(() => h.book(C).stats.resyncs.decode === 1, 'C resyncing on the broken frame');
    await expectExact(h);
    expect(h.book(C).stats.resyncs).toEqual({ decode: 1 });
    for (const other of [A, B]) expect(resyncCount(h.book(other))).toBe(0);
    expect(h.tap.lines).toEqual([`subscribe ${ALL}@0`, `unsubscribe ${C}@0`, `subscribe ${C}@0`]);
    expect(h.feed.connections()).toMatchObject({ malformed: 1, reconnects: 0 });
    h.sim.tick(3);
    await expectExact(h);
  }, SAFETY_NET_MS);

  it('garbage frames naming no product resync nothing and keep the connection', async () => {
    const h = await threeLive();
    h.sim.tick(3);
    h.sim.inject({ kind: 'garbage', count: 2 }); // under the 5 that would recycle the connection
    h.sim.tick(3);
    await expectExact(h);
    expect(h.feed.connections().malformed).toBe(2);
    for (const productId of PRODUCTS) expect(resyncCount(h.book(productId))).toBe(0);
    expect(h.feed.connections().reconnects).toBe(0);
    expect(h.tap.lines).toEqual([`subscribe ${ALL}@0`]);
  }, SAFETY_NET_MS);

  it('subscription-error: "service unavailable" names no product and is Coinbase\'s own trouble, so no book goes invalid: each asks again once after its snapshot wait and comes live', async () => {
    // The refusal names no product (Coinbase's errors carry no request id either), so the connector cannot and
    // should not condemn one: a temporary refusal, like Kraken's EService:Unavailable. The simulator refuses the
    // whole request, so all three wait for their snapshots (shortened here from the default 10 s) and resubscribe.
    const h = await startSimFeed({ snapshotTimeoutMs: 300, beforeStart: (sim) => sim.inject({ kind: 'subscription-error', symbol: B }) });
    await until(() => h.feed.books().every((view) => view.state === 'live'), 'all three books live');
    h.sim.tick(5);
    await expectExact(h);
    for (const productId of PRODUCTS) {
      expect(h.tap.opsFor(productId)).toEqual(['subscribe@0', 'unsubscribe@0', 'subscribe@0']);
      expect(h.book(productId).stats).toMatchObject({ snapshotsFetched: 1, resyncs: {} });
    }
    const refusals = h.decoded.filter((frame) => frame.includes('service unavailable'));
    expect(refusals).toEqual(['{"type":"error","message":"Failed to subscribe: service unavailable"}']);
    expect(h.events.filter((e) => e.kind === 'snapshot' && e.outcome === 'failed')).toHaveLength(3);
    expect(h.feed.connections().reconnects).toBe(0);
  }, SAFETY_NET_MS);

  it('an unknown product (listed, no book) is refused by name and goes invalid after its one subscribe; the others of that request come live, and a reconnect leaves it out', async () => {
    const X = 'SOL-USD';
    const h = await startSimFeed({ sim: { listedProducts: [X] }, symbols: [A, X, C], snapshotTimeoutMs: 300 });
    await until(() => h.book(X).state === 'invalid', `${X} invalid`);
    expect(h.book(X).reason).toBe(`subscription refused: Coinbase error: Failed to subscribe: unknown product_id ${X}`);
    // The simulator refuses the whole request naming the unknown product: the others wait for their snapshots and
    // ask again, each once.
    await until(() => h.book(A).state === 'live' && h.book(C).state === 'live', 'A and C live');
    h.sim.tick(5);
    await expectExact(h, [A, C]);
    expect(h.tap.opsFor(X)).toEqual(['subscribe@0']);
    expect(h.tap.opsFor(A)).toEqual(['subscribe@0', 'unsubscribe@0', 'subscribe@0']);
    expect(h.tap.opsFor(C)).toEqual(['subscribe@0', 'unsubscribe@0', 'subscribe@0']);
    // A reconnect subscribes the books again, but not the one the venue refused.
    h.sim.inject({ kind: 'disconnect' });
    await until(() => h.tap.connections === 2, 'reconnected');
    h.sim.tick(3);
    await expectExact(h, [A, C]);
    expect(h.tap.lines.at(-1)).toBe(`subscribe ${A},${C}@1`);
    expect(h.tap.opsFor(X)).toEqual(['subscribe@0']);
    expect(h.book(X).state).toBe('invalid');
  }, SAFETY_NET_MS);
});

describe('the Coinbase connector against the simulator: a large book', () => {
  it('a 25 000-level-a-side book (a ~5 MB snapshot) is decoded off the main thread and comes live exact', async () => {
    const h = await startSimFeed({ sim: { products: [{ productId: A, levelsPerSide: 25_000 }] }, symbols: [A] });
    h.sim.pause();
    await until(() => h.book(A).state === 'live', 'the large book live', 40_000);
    h.sim.tick(5);
    await expectExact(h, [A]);
    // The snapshot reached core as a message the worker decoded, never as a frame decoded on the main thread.
    expect(h.offThread.map((m) => (m.type === 'snapshot' ? `${m.type} ${m.symbol} ${m.bids.length}/${m.asks.length}` : m.type))).toEqual([`snapshot ${A} 25000/25000`]);
    expect(h.decoded.filter((frame) => frame.includes('"type":"snapshot"'))).toEqual([]);
    expect(h.decoded.filter((frame) => frame.includes('"type":"update"'))).toHaveLength(5);
    expect(resyncCount(h.book(A))).toBe(0);
  }, SAFETY_NET_MS);
});

describe('the Coinbase connector against the simulator: the listing and a replay', () => {
  it('listSymbols against the simulator REST lists its products, the listed-only ones included', async () => {
    const h = await startSimFeed({ sim: { listedProducts: ['SOL-USD'] } });
    const list = await h.connector.listSymbols(new AbortController().signal);
    expect([...list.symbols].sort()).toEqual([...PRODUCTS, 'SOL-USD'].sort());
    expect([...list.symbols].sort()).toEqual([...h.sim.products(), 'SOL-USD'].sort());
  });

  it('the recorded ETH-USD session, replayed renumbered by ReplaySim to the real connector, ends on the recorded final book', async () => {
    const recording = listVenueRecordings().find((r) => r.venue === 'coinbase')!;
    const finalBook = JSON.parse(readFileSync(recording.finalBook, 'utf8')) as { bids: [string, string][]; asks: [string, string][] };
    const replay = await ReplaySim.start({ timeline: recording.timeline, renumber: true });
    const connector = createCoinbaseConnector({ wsUrl: replay.wsUrl, restUrl: replay.restUrl });
    const events: FeedEvent[] = [];
    const feed = new MarketFeed({ connector, symbols: [recording.symbol], createBook: createChunkedBook, silenceTimeoutMs: 60_000, onEvent: (e) => events.push(e) });
    try {
      feed.start();
      await replay.replayDone();
      const view = () => feed.book(recording.symbol)!;
      const side = (s: 'bid' | 'ask') => [...view().book.levels(s)].map(([p, q]) => [p, q]);
      await until(() => view().stats.updatesApplied === 374, 'every recorded update applied');
      expect(view().stats.resyncs).toEqual({});
      expect(view().stats.snapshotsFetched).toBe(1);
      expect({ state: view().state, bids: side('bid'), asks: side('ask') }).toEqual({ state: 'live', bids: finalBook.bids, asks: finalBook.asks });
    } finally {
      feed.stop();
      await connector.close();
      await replay.close();
    }
  }, SAFETY_NET_MS);
});
