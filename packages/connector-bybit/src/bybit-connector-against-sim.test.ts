import { afterEach, describe, expect, it } from '@jest/globals';
import type { BybitCategory } from '@lob/exchange-sim';
import {
  A,
  B,
  C,
  DEPTH,
  SYMBOLS,
  caughtUp,
  expectExact,
  held,
  resyncCount,
  startSimFeed,
  stopAllSimFeeds,
  tickUntil,
  until,
  type SimFeed,
} from './bybit-sim-feed.test-support.js';

// The real connector and core's MarketFeed against the exchange simulator's Bybit over loopback, for a linear and a
// spot simulator: three symbols on one connection (and once split over two), every fault the simulator has for
// Bybit, and after each recovery the checkpoint: with the market standing still every book is live at the
// simulator's `u` and equals the true window `sim.book(symbol, depth)` level for level, with Bybit's exact strings.

afterEach(stopAllSimFeeds);

/** The symbols other than `symbol`. */
const others = (symbol: string) => SYMBOLS.filter((other) => other !== symbol);

describe.each<BybitCategory>(['linear', 'spot'])('the Bybit connector against BybitSim (%s)', (category) => {
  /** Three books live on one connection, each subscribed once. */
  async function threeLive(setup: Parameters<typeof startSimFeed>[1] = {}): Promise<SimFeed> {
    const h = await startSimFeed(category, setup);
    await until(() => h.feed.books().every((view) => view.state === 'live'), 'all three books live');
    return h;
  }

  /** A book resynced only by unsubscribing and subscribing it alone on connection 0; the others never saw a request after the first. */
  function expectOnlyResubscribed(h: SimFeed, symbol: string): void {
    expect(h.tap.opsFor(symbol)).toEqual(['subscribe@0', 'unsubscribe@0', 'subscribe@0']);
    for (const other of others(symbol)) {
      expect(h.tap.opsFor(other)).toEqual(['subscribe@0']);
      expect(resyncCount(h.book(other))).toBe(0);
    }
    expect(h.tap.connections).toBe(1);
    expect(h.sim.stats().connections).toBe(1);
  }

  describe('normal traffic', () => {
    it('after many rounds every book is the true window, string for string, at the simulator\'s u', async () => {
      const h = await threeLive();
      expect(h.connector.market).toBe(`bybit-${category}`);
      await expectExact(h); // the snapshots alone
      const first = SYMBOLS.map((symbol) => h.u(symbol)!);
      h.sim.tick(60);
      await expectExact(h);
      for (const [i, symbol] of SYMBOLS.entries()) {
        // Every push the topic sent was applied: u grows by one per push (an event outside the window sends nothing).
        expect(h.u(symbol)! - first[i]!).toBeGreaterThan(30);
        expect(h.book(symbol).stats.updatesApplied).toBe(h.u(symbol)! - first[i]!);
        expect(h.book(symbol).stats.snapshotsFetched).toBe(1);
        expect(resyncCount(h.book(symbol))).toBe(0);
        expect(h.book(symbol).book.size('bid')).toBe(DEPTH);
      }
      expect(h.tap.requests.map((r) => `${r.op} ${r.symbol}@${r.connection}`).sort()).toEqual(SYMBOLS.map((s) => `subscribe ${s}@0`).sort());
    });

    it('with the books split over two connections (maxSymbolsPerConnection 2), each connection heals only its own', async () => {
      const h = await threeLive({ connector: { maxSymbolsPerConnection: 2 } });
      expect(h.tap.connections).toBe(2);
      const carryingC = h.tap.requestsFor(C)[0]!.connection;
      const carryingAB = 1 - carryingC;
      expect(h.tap.requestsFor(A)[0]!.connection).toBe(carryingAB);
      expect(h.tap.requestsFor(B)[0]!.connection).toBe(carryingAB);
      h.sim.tick(20);
      await expectExact(h);

      // A lost push of C: the u gap resyncs C, and only C's connection sees the unsubscribe and subscribe.
      h.sim.inject({ kind: 'drop', symbol: C });
      await tickUntil(h.sim, () => h.book(C).stats.resyncs.gap === 1, 'C resyncing on its u gap');
      await expectExact(h);
      expect(h.tap.opsFor(C)).toEqual([`subscribe@${carryingC}`, `unsubscribe@${carryingC}`, `subscribe@${carryingC}`]);
      expect(h.tap.opsFor(A)).toEqual([`subscribe@${carryingAB}`]);
      expect(h.tap.opsFor(B)).toEqual([`subscribe@${carryingAB}`]);

      // The connection carrying A and B is destroyed: those two reconnect and resubscribe, C's connection is untouched.
      h.sim.inject({ kind: 'disconnect', connection: h.tap.connIds[carryingAB]! });
      await until(() => h.tap.connections === 3, 'A and B reconnected');
      h.sim.tick(5);
      await expectExact(h);
      expect(h.book(A).stats.resyncs).toEqual({ disconnect: 1 });
      expect(h.book(B).stats.resyncs).toEqual({ disconnect: 1 });
      expect(h.book(C).stats.resyncs).toEqual({ gap: 1 }); // the drop above, nothing since
      expect(h.tap.opsFor(A)).toEqual([`subscribe@${carryingAB}`, 'subscribe@2']);
      expect(h.tap.opsFor(C)).toHaveLength(3);
    });
  });

  describe('each fault heals, and the books are exact again', () => {
    it('drop: the next push skips a u, so only that symbol resyncs, by unsubscribing and subscribing it alone', async () => {
      const h = await threeLive();
      h.sim.tick(5);
      await caughtUp(h);
      h.sim.inject({ kind: 'drop', symbol: B });
      // B's next push is lost; the one after it skips a u (an event outside the window sends nothing: tick until it shows).
      await tickUntil(h.sim, () => h.book(B).stats.resyncs.gap === 1, 'B resyncing on the u gap');
      await expectExact(h);
      expect(h.book(B).stats.resyncs).toEqual({ gap: 1 });
      expect(h.book(B).stats.snapshotsFetched).toBe(2);
      expectOnlyResubscribed(h, B);
      h.sim.tick(5);
      await expectExact(h);
    });

    it('corrupt: Bybit has no checksum, so nothing catches a wrong quantity with the right u; the next snapshot (a service restart) replaces it', async () => {
      const h = await threeLive();
      h.sim.tick(5);
      await caughtUp(h);
      const uBefore = h.u(A)!;
      h.sim.inject({ kind: 'corrupt', symbol: A });
      // A's next push carries it (an event outside the window sends nothing: tick until one is sent, and no further).
      await tickUntil(h.sim, () => h.u(A)! > uBefore, 'the corrupt push of A sent');
      expect(h.u(A)).toBe(uBefore + 1);
      // The limit, asserted as it is: the u chains, so the book stays live at the simulator's u with no resync, and
      // its best ask holds one lot more than the exchange's. Only the true book shows it; no client-side check can.
      await caughtUp(h);
      const truth = h.sim.book(A, DEPTH);
      const book = held(h, A);
      expect(resyncCount(h.book(A))).toBe(0);
      expect(book.u).toBe(truth.u);
      expect(book.bids).toEqual(truth.bids);
      expect(book.asks.slice(1)).toEqual(truth.asks.slice(1));
      expect(book.asks[0]![0]).toBe(truth.asks[0]![0]);
      expect(book.asks[0]![1]).not.toBe(truth.asks[0]![1]);
      expect(Number(book.asks[0]![1])).toBeGreaterThan(Number(truth.asks[0]![1]));
      await expectExact(h, others(A));

      // What does heal it: any snapshot. A service restart sends one (u = 1) and the book is the exchange's again.
      h.sim.inject({ kind: 'service-restart', symbol: A });
      await until(() => h.book(A).lastUpdateId === 1, 'A restarted at u 1');
      await expectExact(h);
      expect(resyncCount(h.book(A))).toBe(0);
      for (const symbol of SYMBOLS) expect(h.tap.opsFor(symbol)).toEqual(['subscribe@0']);
    });

    it('duplicate-subscribe: one answer and two identical snapshots replace each other, no resync, the book exact', async () => {
      const h = await threeLive({ beforeStart: (sim) => sim.inject({ kind: 'duplicate-subscribe', symbol: C }) });
      await until(() => h.book(C).stats.snapshotsFetched === 2, 'both snapshots of C taken');
      h.sim.tick(10);
      await expectExact(h);
      for (const symbol of SYMBOLS) {
        expect(resyncCount(h.book(symbol))).toBe(0);
        expect(h.tap.opsFor(symbol)).toEqual(['subscribe@0']);
      }
      expect(h.tap.subscribeAnswers).toEqual([{ connection: 0, success: true, message: '' }]);
      expect(h.book(A).stats.snapshotsFetched).toBe(1);
    });

    it('service-restart: a snapshot with u 1 replaces the book, no resync, and the chain goes on from 1, exact', async () => {
      const h = await threeLive();
      h.sim.tick(10);
      await expectExact(h);
      expect(h.book(B).lastUpdateId).toBeGreaterThan(1000);

      h.sim.inject({ kind: 'service-restart', symbol: B });
      expect(h.u(B)).toBe(1);
      await expectExact(h);
      expect(h.book(B).lastUpdateId).toBe(1);
      expect(h.book(B).stats.snapshotsFetched).toBe(2);
      h.sim.tick(10);
      await expectExact(h);
      expect(h.u(B)).toBeGreaterThan(1);

      // Every symbol at once, then traffic: each book replaced, each chain on from 1.
      h.sim.inject({ kind: 'service-restart' });
      await expectExact(h);
      for (const symbol of SYMBOLS) expect(h.book(symbol).lastUpdateId).toBe(1);
      h.sim.tick(10);
      await expectExact(h);
      for (const symbol of SYMBOLS) {
        expect(resyncCount(h.book(symbol))).toBe(0);
        expect(h.book(symbol).stats.staleDropped).toBe(0);
        expect(h.tap.opsFor(symbol)).toEqual(['subscribe@0']);
      }
      expect(h.book(A).stats.snapshotsFetched).toBe(2);
      expect(h.book(B).stats.snapshotsFetched).toBe(3);
      expect(h.tap.connections).toBe(1);
    });

    it('disconnect: the connection is reopened and every book subscribed again on it, exact again', async () => {
      const h = await threeLive();
      h.sim.tick(5);
      h.sim.inject({ kind: 'disconnect' });
      h.sim.tick(3); // the market moves on while the client is away
      await until(() => h.tap.connections === 2, 'reconnected');
      await expectExact(h);
      for (const symbol of SYMBOLS) {
        expect(h.book(symbol).stats.resyncs).toEqual({ disconnect: 1 });
        expect(h.tap.opsFor(symbol)).toEqual(['subscribe@0', 'subscribe@1']);
      }
      h.sim.tick(5);
      await expectExact(h);
    });

    it('silence: nothing at all arrives, not even pongs, so the silence watchdog recycles the connection and every book resubscribes', async () => {
      // Pings every 100 ms keep a healthy connection with no market traffic alive past the 800 ms silence timeout;
      // the silence swallows their answers too.
      const h = await threeLive({ connector: { pingIntervalMs: 100 }, feed: { silenceTimeoutMs: 800 } });
      h.sim.tick(3);
      await caughtUp(h);
      const pongs = h.tap.pongs.length;
      await until(() => h.tap.pongs.length >= pongs + 16, 'sixteen pongs: alive for twice the silence timeout with no traffic');
      expect(h.tap.connections).toBe(1);
      expect(h.feed.connections().reconnects).toBe(0);
      for (const symbol of SYMBOLS) expect(resyncCount(h.book(symbol))).toBe(0);
      // Scoped to the open connection: the reconnect is served at once, however long the silence lasts.
      h.sim.inject({ kind: 'silence', connection: h.sim.connectionIds()[0]!, durationMs: 60_000 });
      h.sim.tick(3); // swallowed
      await until(() => h.feed.books().every((view) => view.stats.resyncs.silence === 1 && view.state === 'live'), 'recycled on silence, live again');
      await expectExact(h);
      expect(h.tap.connections).toBe(2);
      for (const symbol of SYMBOLS) {
        expect(h.book(symbol).stats.resyncs).toEqual({ silence: 1 });
        expect(h.tap.opsFor(symbol)).toEqual(['subscribe@0', 'subscribe@1']);
      }
    });

    it('stall with pongs: the connection stays (pongs are life), the books stay live but behind, and the first push after the stall resyncs each by its gap', async () => {
      // A stall longer than the silence timeout, with pings well within it: the pongs keep the connection alive, so
      // nothing is recycled. Nothing tells a stalled book from a quiet market until a push arrives.
      const h = await threeLive({ connector: { pingIntervalMs: 100 }, feed: { silenceTimeoutMs: 600 } });
      h.sim.tick(3);
      await caughtUp(h);
      const before = SYMBOLS.map((symbol) => h.u(symbol));
      h.sim.inject({ kind: 'stall', durationMs: 1_500 });
      h.sim.tick(3); // withheld
      const pongs = h.tap.pongs.length;
      await until(() => h.tap.pongs.length >= pongs + 8, 'eight pongs during the stall');
      for (const [i, symbol] of SYMBOLS.entries()) {
        expect(h.book(symbol).state).toBe('live');
        expect(h.book(symbol).lastUpdateId).toBe(before[i]);
        expect(h.book(symbol).lastUpdateId).toBeLessThan(h.u(symbol)!);
      }
      await tickUntil(h.sim, () => h.feed.books().every((view) => view.stats.resyncs.gap === 1 && view.state === 'live'), 'every book resynced on its gap after the stall');
      await expectExact(h);
      expect(h.feed.connections().reconnects).toBe(0);
      expect(h.tap.connections).toBe(1);
      for (const symbol of SYMBOLS) {
        expect(h.book(symbol).stats.resyncs).toEqual({ gap: 1 });
        expect(h.tap.opsFor(symbol)).toEqual(['subscribe@0', 'unsubscribe@0', 'subscribe@0']);
      }
    });

    it('malformed: a push cut in half still names its symbol, so that one resyncs; garbage naming none resyncs nothing', async () => {
      const h = await threeLive();
      h.sim.tick(3);
      await caughtUp(h);
      h.sim.inject({ kind: 'malformed', symbol: C });
      await tickUntil(h.sim, () => h.book(C).stats.resyncs.decode === 1, 'C resyncing on the broken frame');
      await expectExact(h);
      expect(h.book(C).stats.resyncs).toEqual({ decode: 1 });
      expectOnlyResubscribed(h, C);

      // `not json` is malformed (below the limit that would recycle the connection); `{"foo":1}` is JSON without a
      // topic or an op, which Bybit's protocol has no place for: the decoder passes it over as control.
      const { malformed, frames } = h.feed.connections();
      h.sim.inject({ kind: 'garbage', count: 2 });
      await until(() => h.feed.connections().frames >= frames + 2, 'both garbage frames received');
      expect(h.feed.connections().malformed).toBe(malformed + 1);
      h.sim.tick(3);
      await expectExact(h);
      expect(h.book(C).stats.resyncs).toEqual({ decode: 1 });
      for (const other of others(C)) expect(resyncCount(h.book(other))).toBe(0);
      expect(h.tap.opsFor(C)).toHaveLength(3);
      expect(h.tap.connections).toBe(1);
      expect(h.feed.connections().reconnects).toBe(0);
    });

    it('subscription-error: "service unavailable" names no topic, so no book goes invalid; the refused request\'s books each ask once more and are live', async () => {
      // Bybit refuses the whole request: the three topics went in one, so none got a snapshot. The refusal is not a
      // verdict on a symbol: each book waits for its snapshot and, none coming, resubscribes once (the wait shortened
      // here from the default 10 s).
      const h = await startSimFeed(category, { snapshotTimeoutMs: 300, beforeStart: (sim) => sim.inject({ kind: 'subscription-error', symbol: B }) });
      await until(() => h.feed.books().every((view) => view.state === 'live'), 'all three books live');
      h.sim.tick(5);
      await expectExact(h);
      expect(h.tap.subscribeAnswers[0]).toEqual({ connection: 0, success: false, message: 'error:service unavailable, please try again later' });
      for (const symbol of SYMBOLS) {
        expect(h.book(symbol).state).toBe('live');
        expect(h.book(symbol).stats.snapshotsFetched).toBe(1);
        expect(h.tap.opsFor(symbol)).toEqual(['subscribe@0', 'unsubscribe@0', 'subscribe@0']);
      }
      expect(h.tap.connections).toBe(1);
    });

    it('a symbol the venue lists but has no book for ("Invalid symbol" naming it) goes invalid for good: the others live, one subscribe for it, none after a reconnect', async () => {
      const X = 'XRPUSDT';
      const h = await startSimFeed(category, { sim: { listedSymbols: [X] }, symbols: [A, X, C], snapshotTimeoutMs: 300 });
      await until(() => h.book(X).state === 'invalid', `${X} invalid`);
      await until(() => h.book(A).state === 'live' && h.book(C).state === 'live', 'A and C live');
      expect(h.book(X).reason).toMatch(/Invalid symbol/);
      h.sim.tick(5);
      await expectExact(h, [A, C]);
      // The simulator serves the request's valid topics with the refusal; the connector's retry of them (for a Bybit
      // that refuses the whole request) is answered "already subscribed" and changes nothing.
      await until(() => h.tap.subscribeAnswers.length === 2, 'the retry answered');
      expect(h.tap.subscribeAnswers.map((a) => a.message)).toEqual([`Invalid symbol :[orderbook.${DEPTH}.${X}]`, expect.stringMatching(/already subscribed/)]);
      expect(h.book(A).stats.snapshotsFetched).toBe(1);
      // Longer than the snapshot wait (a push every 20 ms at most), with traffic: an invalid book asks for nothing.
      const lastApplied = h.book(A).stats.updatesApplied;
      await tickUntil(h.sim, () => h.book(A).stats.updatesApplied >= lastApplied + 25, 'twenty-five more pushes');
      // A reconnect subscribes the books again, but not the one the venue refused.
      h.sim.inject({ kind: 'disconnect' });
      await until(() => h.tap.connections === 2, 'reconnected');
      h.sim.tick(3);
      await expectExact(h, [A, C]);
      expect(h.tap.opsFor(X)).toEqual(['subscribe@0']);
      expect(h.book(X).state).toBe('invalid');
      expect(h.tap.opsFor(A)).toEqual(['subscribe@0', 'subscribe@0', 'subscribe@1']);
      for (const symbol of [A, C]) expect(h.book(symbol).stats.resyncs).toEqual({ disconnect: 1 });
    });
  });

  describe('the start-up listing', () => {
    it('listSymbols against the simulator REST lists its symbols, the listed-only ones included', async () => {
      const h = await startSimFeed(category, { sim: { listedSymbols: ['XRPUSDT'] } });
      const list = await h.connector.listSymbols(new AbortController().signal);
      expect([...list.symbols].sort()).toEqual([...SYMBOLS, 'XRPUSDT'].sort());
      expect([...list.symbols].sort()).toEqual([...h.sim.symbols(), 'XRPUSDT'].sort());
    });
  });
});
