import { afterEach, describe, expect, it } from '@jest/globals';
import { KrakenSim } from '@lob/exchange-sim';
import { createKrakenConnector } from './kraken-connector.js';
import type { KrakenBookDepth } from './kraken-venue.js';
import { SimFeed, type Protocol, type SimFeedOptions } from './sim-feed.test-support.js';

// Busy machine: a generous safety net, never an assertion about speed.
const SAFETY_NET_MS = 60_000;
// Three pairs on one connection; BTC/USD and DOGE/USD are spelled XBT/USD and XDG/USD on v1, and the precisions
// differ (1, 2 and 7 price decimals), so both spellings and the v2 padding are exercised.
const PAIRS = ['BTC/USD', 'ETH/USD', 'DOGE/USD'] as const;
const [BTC, ETH, DOGE] = PAIRS;
const others = (symbol: string) => PAIRS.filter((p) => p !== symbol);

let running: SimFeed | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function startFeed(protocol: Protocol, depth: KrakenBookDepth, extra: Partial<SimFeedOptions> = {}): Promise<SimFeed> {
  running = await SimFeed.start({ protocol, depth, pairs: PAIRS, ...extra });
  return running;
}

/**
 * The checkpoint: with every frame the exchange sent processed, each book (of `symbols`) equals the exchange's true
 * book level for level, strings included, and shows the checksum of the true book.
 */
async function expectExact(f: SimFeed, symbols: readonly string[] = PAIRS): Promise<void> {
  await f.allLive(symbols);
  await f.barrier();
  // A v1 snapshot carries no checksum, so a book fresh from one has matched none yet (BookView.checksum is the last
  // matched): one more round per pair until each applied an update with Kraken's checksum.
  if (symbols.some((s) => f.harness.view(s).checksum === undefined)) {
    await f.tickUntil(() => symbols.every((s) => f.harness.view(s).checksum !== undefined), 50);
  }
  for (const symbol of symbols) {
    const { held, truth } = f.compare(symbol);
    expect({ symbol, ...held }).toEqual({ symbol, ...truth });
    expect(f.harness.view(symbol).lastUpdateId).toBe(0); // Kraken has no update ids
  }
}

/** Resyncs of every pair, by cause. */
const resyncsOf = (f: SimFeed) => Object.fromEntries(PAIRS.map((p) => [p, f.harness.view(p).stats.resyncs]));

describe.each(['v1', 'v2'] as const)('the Kraken connector against KrakenSim over %s, three pairs on one connection', (protocol) => {
  const initialSubscribe = (f: SimFeed) => `subscribe ${PAIRS.map((p) => f.wire(p)).join(',')}`;

  it.each([25, 1000] as const)('keeps every book exact through normal traffic at depth %i', async (depth) => {
    const f = await startFeed(protocol, depth);
    await f.allLive();
    f.sim.tick(depth === 1000 ? 20 : 60);
    await expectExact(f);
    // At depth 25 the window is deeper than the checksum's top 10: the held levels 11..25 are proven by the
    // comparison above, not by the checksum. Nothing but the one subscribe, no resync, no reconnect.
    expect(f.requests()).toEqual([initialSubscribe(f)]);
    expect(resyncsOf(f)).toEqual({ [BTC]: {}, [ETH]: {}, [DOGE]: {} });
    expect(f.harness.feed.connections().reconnects).toBe(0);
    for (const p of PAIRS) expect(f.harness.observed.get(p)!.maxLevels).toBeLessThanOrEqual(depth);
  }, SAFETY_NET_MS);

  it.each(['drop', 'corrupt'] as const)('a %s message fails the checksum: that pair alone resyncs by unsubscribe + subscribe and is exact again', async (kind) => {
    const f = await startFeed(protocol, 25);
    await f.allLive();
    f.sim.tick(5);
    await expectExact(f);
    f.sim.inject({ kind, symbol: BTC });
    await f.tickUntil(() => f.resyncs(BTC) > 0);
    await f.tickUntil(() => f.harness.view(BTC).state === 'live', 5); // back from its fresh snapshot
    f.sim.tick(5);
    await expectExact(f);

    expect(f.harness.view(BTC).stats.resyncs).toEqual({ checksum: 1 });
    expect(f.harness.states(BTC)).toEqual(['connecting', 'syncing', 'live', 'resyncing (checksum)', 'live']);
    for (const p of others(BTC)) expect(f.harness.view(p).stats.resyncs).toEqual({});
    expect(f.requests()).toEqual([initialSubscribe(f), `unsubscribe ${f.wire(BTC)}`, `subscribe ${f.wire(BTC)}`]);
    expect(f.harness.feed.connections().reconnects).toBe(0);
  }, SAFETY_NET_MS);

  it('a duplicated subscription (two acks, two snapshots) and a stray "Already subscribed" do no harm', async () => {
    const f = await startFeed(protocol, 25, { before: (sim) => sim.inject({ kind: 'duplicate-subscribe', symbol: BTC }) });
    await f.allLive();
    const snapshotOf = (symbol: string) => (frame: string) =>
      frame.includes(`"${f.wire(symbol)}"`) && (protocol === 'v2' ? frame.includes('"type":"snapshot"') : frame.includes('{"as":'));
    await f.barrier();
    expect(f.decoded.filter(snapshotOf(BTC))).toHaveLength(2);
    expect(f.decoded.filter(snapshotOf(ETH))).toHaveLength(1);
    f.sim.tick(10);
    await expectExact(f);

    // A subscribe the connector did not send (say, a second client library on the socket) meets the live one.
    f.tap.inject(
      protocol === 'v2'
        ? JSON.stringify({ method: 'subscribe', params: { channel: 'book', symbol: [ETH], depth: 25 }, req_id: 4242 })
        : JSON.stringify({ event: 'subscribe', pair: [ETH], subscription: { name: 'book', depth: 25 }, reqid: 4242 }),
    );
    await f.barrier();
    expect(f.decoded.filter((frame) => frame.includes('Already subscribed'))).toHaveLength(1);
    f.sim.tick(10);
    await expectExact(f);
    expect(resyncsOf(f)).toEqual({ [BTC]: {}, [ETH]: {}, [DOGE]: {} });
    // The second snapshot simply replaced the book (live again, from live); nothing was asked of the exchange.
    expect(f.harness.states(BTC)).toEqual(['connecting', 'syncing', 'live', 'live']);
    expect(f.requests()).toEqual([initialSubscribe(f)]);
  }, SAFETY_NET_MS);

  it('a disconnect (no close frame) reconnects, resubscribes every pair and is exact again', async () => {
    const f = await startFeed(protocol, 25);
    await f.allLive();
    f.sim.tick(5);
    await expectExact(f);
    f.sim.inject({ kind: 'disconnect' });
    f.sim.tick(5); // the market moves on while the client is away
    await f.until(() => f.harness.feed.connections().reconnects === 1 && PAIRS.every((p) => f.harness.view(p).state === 'live'), 'a reconnect and every book live again');
    f.sim.tick(5);
    await expectExact(f);

    expect(f.sim.stats().connections).toBe(2);
    expect(f.requests()).toEqual([initialSubscribe(f), initialSubscribe(f)]);
    for (const p of PAIRS) expect(f.harness.view(p).stats.resyncs).toEqual({ disconnect: 1 });
  }, SAFETY_NET_MS);

  it('a silent connection (nothing at all, not even heartbeats) is recycled by the watchdog and the books are exact again', async () => {
    const f = await startFeed(protocol, 10, { feed: { silenceTimeoutMs: 300 } });
    await f.allLive();
    const [silenced] = f.sim.connectionIds();
    // Only this connection falls silent, for far longer than the watchdog waits: the new one is served.
    f.sim.inject({ kind: 'silence', connection: silenced!, durationMs: 60_000 });
    f.sim.tick(5);
    await f.until(() => f.harness.feed.connections().reconnects === 1 && PAIRS.every((p) => f.harness.view(p).state === 'live'), 'the watchdog reconnecting and every book live again');
    f.sim.tick(5);
    await expectExact(f);

    const closed = f.harness.events.filter((e) => e.kind === 'connection' && e.state === 'closed');
    expect(closed.map((e) => ('cause' in e ? e.cause : undefined))).toEqual(['silence']);
    expect(f.requests()).toEqual([initialSubscribe(f), initialSubscribe(f)]);
  }, SAFETY_NET_MS);

  it('a stall with heartbeats: the connection stays (the watchdog hears life), the books sit stale and live, and the first update after it fails the checksum, so each pair resyncs alone', async () => {
    const f = await startFeed(protocol, 10, { feed: { silenceTimeoutMs: 250 } });
    await f.allLive();
    f.sim.tick(3);
    await expectExact(f);
    const heartbeat = (frame: string) => frame.includes('heartbeat');
    // Book messages of every pair are withheld for 3x the silence timeout; heartbeats and pongs go on.
    f.sim.inject({ kind: 'stall', durationMs: 750 });
    f.sim.tick(10);
    await f.nextDecoded(heartbeat, 3);
    // Stuck but alive: nothing tells the client the books are behind, so they stay live with the old levels.
    expect(PAIRS.map((p) => f.harness.view(p).state)).toEqual(['live', 'live', 'live']);
    expect(PAIRS.some((p) => f.compare(p).held.checksum !== f.compare(p).truth.checksum)).toBe(true);
    expect(f.harness.feed.connections().reconnects).toBe(0);
    // One round per heartbeat heard (a state, not a clock): once the stall ends, the first update of each pair
    // carries the true checksum, which the stale book cannot match.
    for (let round = 0; round < 200 && !PAIRS.every((p) => f.resyncs(p) > 0); round++) {
      f.sim.tick(1);
      await f.nextDecoded(heartbeat);
    }
    f.sim.tick(3);
    await expectExact(f);

    // Each pair once, caught by whichever check meets the stale book first: the update's checksum, or the book
    // crossing (an update whose levels the stale side cannot accommodate), both checked after every message.
    for (const p of PAIRS) {
      const resyncs = f.harness.view(p).stats.resyncs;
      expect({ p, count: f.resyncs(p), causes: Object.keys(resyncs).filter((c) => c !== 'checksum' && c !== 'crossed') }).toEqual({ p, count: 1, causes: [] });
    }
    expect(f.harness.feed.connections().reconnects).toBe(0);
    expect(f.sim.stats().connections).toBe(1);
    // Each pair on its own: unsubscribe then subscribe, the order of the pairs being the order their checksums failed.
    const resyncRequests = f.requests().slice(1);
    for (const p of PAIRS) expect(resyncRequests.filter((r) => r.endsWith(` ${f.wire(p)}`))).toEqual([`unsubscribe ${f.wire(p)}`, `subscribe ${f.wire(p)}`]);
    expect(resyncRequests).toHaveLength(6);
  }, SAFETY_NET_MS);

  it('a malformed book message resyncs that pair alone and it is exact again', async () => {
    const f = await startFeed(protocol, 25);
    await f.allLive();
    f.sim.tick(5);
    await expectExact(f);
    f.sim.inject({ kind: 'malformed', symbol: BTC });
    await f.tickUntil(() => f.resyncs(BTC) > 0);
    await f.tickUntil(() => f.harness.view(BTC).state === 'live', 5);
    f.sim.tick(5);
    await expectExact(f);

    if (protocol === 'v2') {
      // v2 names the symbol at the start of the message, so the half that arrives still names it: resync at once.
      expect(f.harness.view(BTC).stats.resyncs).toEqual({ decode: 1 });
      expect(f.harness.feed.connections().malformed).toBe(1);
    } else {
      // v1 names the pair last in its array, so the half that arrives names none: it counts as a frame naming no
      // symbol, and the update it carried is missing, so the pair's next checksum fails.
      expect(f.harness.view(BTC).stats.resyncs).toEqual({ checksum: 1 });
      expect(f.harness.feed.connections().malformed).toBe(1);
    }
    for (const p of others(BTC)) expect(f.harness.view(p).stats.resyncs).toEqual({});
    expect(f.requests()).toEqual([initialSubscribe(f), `unsubscribe ${f.wire(BTC)}`, `subscribe ${f.wire(BTC)}`]);
    expect(f.harness.feed.connections().reconnects).toBe(0);
  }, SAFETY_NET_MS);

  it('garbage frames naming no pair resync nothing and keep the connection', async () => {
    const f = await startFeed(protocol, 25);
    await f.allLive();
    f.sim.tick(5);
    f.sim.inject({ kind: 'garbage', count: 2 }); // under the 5 that would recycle the connection
    f.sim.tick(5);
    await expectExact(f);

    expect(f.harness.feed.connections().malformed).toBe(2);
    expect(resyncsOf(f)).toEqual({ [BTC]: {}, [ETH]: {}, [DOGE]: {} });
    expect(f.harness.feed.connections().reconnects).toBe(0);
    expect(f.requests()).toEqual([initialSubscribe(f)]);
  }, SAFETY_NET_MS);

  it('a pair Kraken does not stream is invalid after its one subscribe; the others are live and exact', async () => {
    const f = await startFeed(protocol, 25, { unknownPairs: ['FOO/USD'] });
    await f.until(() => f.harness.view('FOO/USD').state === 'invalid', 'FOO/USD invalid');
    await f.allLive();
    f.sim.tick(10);
    await expectExact(f);

    expect(f.harness.view('FOO/USD').reason).toMatch(/^subscription refused: Currency pair not supported/);
    expect(f.harness.states('FOO/USD')).toEqual(['connecting', 'syncing', 'invalid']);
    expect(f.requests()).toEqual([`${initialSubscribe(f)},FOO/USD`]);
    for (const p of PAIRS) expect(f.harness.view(p).stats.resyncs).toEqual({});
  }, SAFETY_NET_MS);

  it("a refusal that is Kraken's own trouble (EService:Unavailable) is asked again, and that pair comes live", async () => {
    const f = await startFeed(protocol, 25, { snapshotTimeoutMs: 300, before: (sim) => sim.inject({ kind: 'subscription-error', symbol: ETH }) });
    await f.allLive();
    f.sim.tick(10);
    await expectExact(f);

    expect(f.harness.states(ETH)).not.toContain('invalid');
    // The first subscribe was refused; the snapshot wait asked again (unsubscribe, then subscribe) for ETH alone.
    expect(f.requests()).toEqual([initialSubscribe(f), `unsubscribe ${f.wire(ETH)}`, `subscribe ${f.wire(ETH)}`]);
    for (const p of others(ETH)) expect(f.harness.view(p).stats.resyncs).toEqual({});
  }, SAFETY_NET_MS);
});

describe('the Kraken connector lists the simulator\'s pairs', () => {
  it.each(['v1', 'v2'] as const)('listSymbols (%s connector) gives the pairs in v2 spelling, BTC/USD where wsname is XBT/USD', async (protocol) => {
    const sim = await KrakenSim.start({ pairs: PAIRS.map((symbol) => ({ symbol })), autoTick: false, listedPairs: ['SOL/USD'] });
    try {
      const connector = createKrakenConnector({ wsUrl: protocol === 'v2' ? sim.wsUrlV2 : sim.wsUrlV1, restUrl: sim.restUrl });
      const listed = await connector.listSymbols(new AbortController().signal);
      expect([...listed.symbols].sort()).toEqual(['BTC/USD', 'DOGE/USD', 'ETH/USD', 'SOL/USD']);
      expect(sim.listing('BTC/USD')?.wsname).toBe('XBT/USD');
      expect(sim.listing('DOGE/USD')?.wsname).toBe('XDG/USD');
      await connector.close();
    } finally {
      await sim.close();
    }
  });
});
