import { afterEach, describe, expect, it } from '@jest/globals';
import {
  A,
  B,
  C,
  INSTRUMENTS,
  caughtUp,
  expectExact,
  resyncCount,
  startSimFeed,
  stopAllSimFeeds,
  tickUntil,
  until,
  type SimFeed,
} from './okx-sim-feed.test-support.js';

// The real connector and core's MarketFeed against the exchange simulator's OKX over loopback: three instruments on
// one connection (and once split over two), every venue fault the simulator has, and after each recovery the
// checkpoint: every book equals the simulator's true book level for level, exact strings, seqId and checksum.

afterEach(stopAllSimFeeds);

/** Three books live on one connection, each subscribed once. */
async function threeLive(setup: Parameters<typeof startSimFeed>[0] = {}): Promise<SimFeed> {
  const h = await startSimFeed(setup);
  await until(() => h.feed.books().every((view) => view.state === 'live'), 'all three books live');
  return h;
}

/** The instIds other than `instId`. */
const others = (instId: string) => INSTRUMENTS.filter((other) => other !== instId);

/** A book resynced only by resubscribing it alone on connection 0; the others never saw a request after the first. */
function expectOnlyResubscribed(h: SimFeed, instId: string): void {
  expect(h.tap.opsFor(instId)).toEqual(['subscribe@0', 'unsubscribe@0', 'subscribe@0']);
  for (const other of others(instId)) {
    expect(h.tap.opsFor(other)).toEqual(['subscribe@0']);
    expect(resyncCount(h.book(other))).toBe(0);
  }
  expect(h.tap.connections).toBe(1);
  expect(h.sim.stats().connections).toBe(1);
}

describe('the OKX connector against the simulator: normal traffic', () => {
  it('after many rounds every book is the true book, string for string, at its seqId and with its checksum', async () => {
    const h = await threeLive();
    await expectExact(h); // the snapshots alone
    h.sim.tick(60);
    await expectExact(h);
    for (const instId of INSTRUMENTS) {
      expect(h.book(instId).stats.updatesApplied).toBe(60);
      expect(resyncCount(h.book(instId))).toBe(0);
    }
    expect(h.tap.requests.map((r) => `${r.op} ${r.instId}@${r.connection}`).sort()).toEqual(INSTRUMENTS.map((i) => `subscribe ${i}@0`).sort());
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

    // A corrupt push of C: the checksum catches it, and only C's connection sees the unsubscribe and subscribe.
    h.sim.inject({ kind: 'corrupt', symbol: C });
    h.sim.tick(1);
    await until(() => h.book(C).stats.resyncs.checksum === 1, 'C resyncing on its checksum');
    await expectExact(h);
    expect(h.tap.opsFor(C)).toEqual([`subscribe@${carryingC}`, `unsubscribe@${carryingC}`, `subscribe@${carryingC}`]);
    expect(h.tap.opsFor(A)).toEqual([`subscribe@${carryingAB}`]);

    // The connection carrying A and B is destroyed: those two reconnect and resubscribe, C's connection is untouched.
    h.sim.inject({ kind: 'disconnect', connection: h.tap.connIds[carryingAB]! });
    await until(() => h.tap.connections === 3, 'A and B reconnected');
    h.sim.tick(5);
    await expectExact(h);
    expect(h.book(A).stats.resyncs.disconnect).toBe(1);
    expect(h.book(B).stats.resyncs.disconnect).toBe(1);
    expect(resyncCount(h.book(C))).toBe(1); // the checksum resync above, nothing since
    expect(h.tap.opsFor(A)).toEqual([`subscribe@${carryingAB}`, 'subscribe@2']);
    expect(h.tap.opsFor(C)).toHaveLength(3);
  });
});

describe('the OKX connector against the simulator: each fault heals, and the books are exact again', () => {
  it('drop: the next push names a prevSeqId the book never saw, so only that instId resyncs, by resubscribing', async () => {
    const h = await threeLive();
    h.sim.tick(5);
    h.sim.inject({ kind: 'drop', symbol: B });
    h.sim.tick(2); // B's first push is lost; the second's prevSeqId skips it
    await until(() => h.book(B).stats.resyncs.gap === 1, 'B resyncing on the seqId gap');
    await expectExact(h);
    expect(h.book(B).stats.resyncs).toEqual({ gap: 1 });
    expectOnlyResubscribed(h, B);
    h.sim.tick(5);
    await expectExact(h);
  });

  it('corrupt: the ids chain but the checksum does not, so only that instId resyncs, by resubscribing', async () => {
    const h = await threeLive();
    h.sim.tick(5);
    h.sim.inject({ kind: 'corrupt', symbol: A });
    h.sim.tick(1);
    await until(() => h.book(A).stats.resyncs.checksum === 1, 'A resyncing on its checksum');
    await expectExact(h);
    expect(h.book(A).stats.resyncs).toEqual({ checksum: 1 });
    expectOnlyResubscribed(h, A);
    h.sim.tick(5);
    await expectExact(h);
  });

  it('duplicate-subscribe: two acks and two identical snapshots replace each other, no resync, the book exact', async () => {
    const h = await threeLive({ beforeStart: (sim) => sim.inject({ kind: 'duplicate-subscribe', symbol: C }) });
    await until(() => h.book(C).stats.snapshotsFetched === 2, 'both snapshots of C taken');
    h.sim.tick(10);
    await expectExact(h);
    for (const instId of INSTRUMENTS) {
      expect(resyncCount(h.book(instId))).toBe(0);
      expect(h.tap.opsFor(instId)).toEqual(['subscribe@0']);
    }
    expect(h.book(A).stats.snapshotsFetched).toBe(1);
  });

  it('disconnect: the connection is reopened and every book subscribed again on it, exact again', async () => {
    const h = await threeLive();
    h.sim.tick(5);
    h.sim.inject({ kind: 'disconnect' });
    h.sim.tick(3); // the market moves on while the client is away
    await until(() => h.tap.connections === 2, 'reconnected');
    await expectExact(h);
    for (const instId of INSTRUMENTS) {
      expect(h.book(instId).stats.resyncs).toEqual({ disconnect: 1 });
      expect(h.tap.opsFor(instId)).toEqual(['subscribe@0', 'subscribe@1']);
    }
    h.sim.tick(5);
    await expectExact(h);
  });

  it('silence: nothing at all arrives on the connection, so the silence watchdog recycles it and every book resubscribes', async () => {
    // Traffic on a timer keeps a healthy connection from ever looking silent; the keepalive ping stays at its
    // default (25 s), so it is the feed's watchdog, not the connector's ping, that notices.
    const h = await threeLive({ sim: { autoTick: true, tickIntervalMs: 20 }, feed: { silenceTimeoutMs: 800 } });
    // Scoped to the open connection: the reconnect is served at once, however long the silence lasts.
    h.sim.inject({ kind: 'silence', connection: h.sim.connectionIds()[0]!, durationMs: 60_000 });
    await until(() => h.feed.books().every((view) => view.stats.resyncs.silence === 1 && view.state === 'live'), 'recycled on silence, live again');
    h.sim.pause();
    await expectExact(h);
    expect(h.tap.connections).toBe(2);
    for (const instId of INSTRUMENTS) {
      expect(h.book(instId).stats.resyncs).toEqual({ silence: 1 });
      expect(h.tap.opsFor(instId)).toEqual(['subscribe@0', 'subscribe@1']);
    }
  });

  it('stall with pongs: the connection stays (pongs are life), the books stay live but behind, and the first push after the stall resyncs each by its gap', async () => {
    // A stall longer than the silence timeout, with the keepalive pinging well within it: the pongs keep the
    // connection alive, so nothing is recycled. Nothing tells a stalled book from a quiet market until a push arrives.
    const h = await threeLive({ connector: { idleBeforePingMs: 100 }, feed: { silenceTimeoutMs: 600 } });
    h.sim.tick(3);
    await caughtUp(h);
    const before = INSTRUMENTS.map((instId) => h.sim.seqId(instId));
    h.sim.inject({ kind: 'stall', durationMs: 1_500 });
    h.sim.tick(3); // withheld
    const pongs = h.tap.pongs.length;
    await until(() => h.tap.pongs.length >= pongs + 3, 'three pongs during the stall');
    for (const [i, instId] of INSTRUMENTS.entries()) {
      expect(h.book(instId).state).toBe('live');
      expect(h.book(instId).lastUpdateId).toBe(before[i]);
      expect(h.book(instId).lastUpdateId).toBeLessThan(h.sim.seqId(instId));
    }
    await tickUntil(h.sim, () => h.feed.books().every((view) => view.stats.resyncs.gap === 1 && view.state === 'live'), 'every book resynced on its gap after the stall');
    await expectExact(h);
    expect(h.feed.connections().reconnects).toBe(0);
    expect(h.tap.connections).toBe(1);
    for (const instId of INSTRUMENTS) {
      expect(h.book(instId).stats.resyncs).toEqual({ gap: 1 });
      expect(h.tap.opsFor(instId)).toEqual(['subscribe@0', 'unsubscribe@0', 'subscribe@0']);
    }
  });

  it('malformed: a push cut in half still names its instId, so that one resyncs; garbage naming none resyncs nothing', async () => {
    const h = await threeLive();
    h.sim.tick(3);
    h.sim.inject({ kind: 'malformed', symbol: C });
    h.sim.tick(1);
    await until(() => h.book(C).stats.resyncs.decode === 1, 'C resyncing on the broken frame');
    await expectExact(h);
    expect(h.book(C).stats.resyncs).toEqual({ decode: 1 });
    expectOnlyResubscribed(h, C);

    // `not json` and `{"foo":1}`: counted as malformed, below the limit that would recycle the connection.
    const malformed = h.feed.connections().malformed; // the cut push above counts too
    h.sim.inject({ kind: 'garbage', count: 2 });
    await until(() => h.feed.connections().malformed === malformed + 2, 'both garbage frames seen');
    h.sim.tick(3);
    await expectExact(h);
    expect(h.book(C).stats.resyncs).toEqual({ decode: 1 });
    for (const other of others(C)) expect(resyncCount(h.book(other))).toBe(0);
    expect(h.tap.opsFor(C)).toHaveLength(3);
    expect(h.tap.connections).toBe(1);
  });

  it('subscription-error: OKX 50001 names no instId, so no book goes invalid; the one left without a snapshot asks once more and is live', async () => {
    // A 50001 "service temporarily unavailable" cannot be tied to an instId and is not a verdict on one: the book
    // waits for its snapshot and, none coming, resubscribes once (the wait shortened here from the default 10 s).
    const h = await startSimFeed({ snapshotTimeoutMs: 300, beforeStart: (sim) => sim.inject({ kind: 'subscription-error', symbol: B }) });
    await until(() => h.feed.books().every((view) => view.state === 'live'), 'all three books live');
    h.sim.tick(5);
    await expectExact(h);
    expect(h.book(B).stats.snapshotsFetched).toBe(1);
    expect(h.tap.opsFor(B)).toEqual(['subscribe@0', 'unsubscribe@0', 'subscribe@0']);
    for (const other of others(B)) {
      expect(h.tap.opsFor(other)).toEqual(['subscribe@0']);
      expect(resyncCount(h.book(other))).toBe(0);
    }
  });

  it('an instId the venue lists but has no book for (60018 naming it) goes invalid for good: the others live, one subscribe, no storm', async () => {
    const X = 'SOL-USDT';
    const h = await startSimFeed({ sim: { listedInstruments: [X] }, symbols: [A, X, C], snapshotTimeoutMs: 300 });
    await until(() => h.book(X).state === 'invalid', `${X} invalid`);
    await until(() => h.book(A).state === 'live' && h.book(C).state === 'live', 'A and C live');
    expect(h.book(X).reason).toMatch(/60018/);
    // Longer than the snapshot wait several times over, with traffic: an invalid book asks for nothing.
    h.sim.tick(5);
    await expectExact(h, [A, C]);
    const lastApplied = h.book(A).stats.updatesApplied;
    await tickUntil(h.sim, () => h.book(A).stats.updatesApplied >= lastApplied + 50, 'fifty more rounds');
    // A reconnect subscribes the books again, but not the one the venue refused.
    h.sim.inject({ kind: 'disconnect' });
    await until(() => h.tap.connections === 2, 'reconnected');
    h.sim.tick(3);
    await expectExact(h, [A, C]);
    expect(h.tap.opsFor(X)).toEqual(['subscribe@0']);
    expect(h.book(X).state).toBe('invalid');
    expect(h.tap.opsFor(A)).toEqual(['subscribe@0', 'subscribe@1']);
  });
});

describe('the OKX connector against the simulator: the start-up listing', () => {
  it('listSymbols against the simulator REST lists its instruments, the listed-only ones included', async () => {
    const h = await startSimFeed({ sim: { listedInstruments: ['SOL-USDT'] } });
    const list = await h.connector.listSymbols(new AbortController().signal);
    expect([...list.symbols].sort()).toEqual([...INSTRUMENTS, 'SOL-USDT'].sort());
    expect([...list.symbols].sort()).toEqual([...h.sim.instruments(), 'SOL-USDT'].sort());
  });
});
