import { afterEach, describe, expect, it } from '@jest/globals';
import type { BookView } from '@lob/core';
import { resyncCount, startOkxFeed, stopAll, until, type OkxFeedHarness } from './okx-feed.test-support.js';
import { ScriptedOkx } from './scripted-okx.test-support.js';

afterEach(stopAll);

const A = 'AAA-USDT';
const B = 'BBB-USDT';
const C = 'CCC-USDT';

/** The connector and MarketFeed on one loopback connection carrying A, B and C, all live. */
async function threeLiveBooks(venue = new ScriptedOkx([A, B, C])): Promise<OkxFeedHarness & { venue: ScriptedOkx }> {
  const harness = await startOkxFeed({ symbols: [A, B, C], onSubscribe: venue.onSubscribe });
  await until(() => harness.feed.books().every((view) => view.state === 'live'), 'all three books live');
  return { ...harness, venue };
}

/** Sends one push on the (only) connection and waits until the feed has taken it in. */
async function push(harness: OkxFeedHarness, frame: string): Promise<void> {
  const frames = harness.feed.connections().frames;
  harness.server.send(frame);
  await until(() => harness.feed.connections().frames > frames, 'the frame received');
}

const sides = (view: BookView) => ({ bids: [...view.book.levels('bid')], asks: [...view.book.levels('ask')] });

describe('one bad book heals alone, by unsubscribe and subscribe on its own connection', () => {
  it('a corrupted level fails the checksum: only that instId is resubscribed, and its new snapshot brings it back exact', async () => {
    const h = await threeLiveBooks();
    await push(h, h.venue.update(A, [['100.1', '1.6']]));
    // The exchange's book gets 110.1 → 2.5; the frame on the wire says 2.4: a valid level, a wrong one.
    const corrupted = h.venue.update(B, [['110.1', '2.5']]).replace('"110.1","2.5"', '"110.1","2.4"');
    await push(h, corrupted);

    await until(() => h.book(B).stats.resyncs.checksum === 1, 'B resyncing on its checksum');
    await until(() => h.server.requestsFor(B, 'subscribe').length === 2, 'B subscribed again');
    await until(() => h.book(B).state === 'live', 'B live again');
    expect(h.server.requestsFor(B).map((r) => [r.op, r.connection])).toEqual([['subscribe', 0], ['unsubscribe', 0], ['subscribe', 0]]);
    expect(sides(h.book(B))).toEqual(h.venue.sides(B));
    expect(h.book(B).checksum).toBe(h.venue.books.get(B)!.checksum());

    // The others were never touched, and go on from where they were.
    for (const other of [A, C]) {
      expect(h.server.requestsFor(other).map((r) => r.op)).toEqual(['subscribe']);
      expect(resyncCount(h.book(other))).toBe(0);
    }
    await push(h, h.venue.update(A, [['100', '0']]));
    await push(h, h.venue.update(C, [], [['120.4', '1']]));
    for (const other of [A, B, C]) expect(sides(h.book(other))).toEqual(h.venue.sides(other));
    expect(h.server.sockets).toHaveLength(1);
  });

  it('with books spread over two connections, the resync goes to the connection carrying that book, and no other', async () => {
    const venue = new ScriptedOkx([A, B, C]);
    const h = await startOkxFeed({ symbols: [A, B, C], onSubscribe: venue.onSubscribe, connector: { maxSymbolsPerConnection: 2 } });
    await until(() => h.feed.books().every((view) => view.state === 'live'), 'all three books live');
    expect(h.server.sockets).toHaveLength(2);
    const carrying = h.server.requestsFor(C)[0]!.connection;
    const other = 1 - carrying;
    expect(h.server.requestsFor(A)[0]!.connection).toBe(other);

    h.server.send(venue.update(C, [['120.1', '2.5']]).replace('"120.1","2.5"', '"120.1","2.6"'), carrying);
    await until(() => h.server.requestsFor(C, 'subscribe').length === 2 && h.book(C).state === 'live', 'C resubscribed and live');
    expect(h.server.requestsFor(C).map((r) => [r.op, r.connection])).toEqual([['subscribe', carrying], ['unsubscribe', carrying], ['subscribe', carrying]]);
    expect(h.server.requests.filter((r) => r.connection === other).map((r) => `${r.op} ${r.instId}`).sort()).toEqual([`subscribe ${A}`, `subscribe ${B}`]);
    expect(sides(h.book(C))).toEqual(venue.sides(C));
    expect(resyncCount(h.book(A)) + resyncCount(h.book(B))).toBe(0);
  });

  it('a seqId gap resyncs that book by resubscribing it; a repeat of the last push is dropped as stale', async () => {
    const h = await threeLiveBooks();
    const once = h.venue.update(C, [['120.1', '7']]);
    await push(h, once);
    await push(h, once);
    expect(h.book(C).stats.staleDropped).toBe(1);
    expect(h.book(C).state).toBe('live');
    expect(resyncCount(h.book(C))).toBe(0);

    h.venue.update(A, [['100.1', '9']]); // lost on the way: the next push's prevSeqId names it
    await push(h, h.venue.update(A, [['99', '1']]));
    await until(() => h.book(A).stats.resyncs.gap === 1, 'A resyncing on the gap');
    await until(() => h.server.requestsFor(A, 'subscribe').length === 2 && h.book(A).state === 'live', 'A resubscribed and live');
    expect(h.server.requestsFor(A).map((r) => r.op)).toEqual(['subscribe', 'unsubscribe', 'subscribe']);
    expect(sides(h.book(A))).toEqual(h.venue.sides(A));
    expect(h.server.requestsFor(B).map((r) => r.op)).toEqual(['subscribe']);
    expect(h.server.requestsFor(C).map((r) => r.op)).toEqual(['subscribe']);
    expect(resyncCount(h.book(B)) + resyncCount(h.book(C))).toBe(0);
  });

  it('a duplicate subscribe (two acks, two identical snapshots) is taken calmly: no resync, updates chain on', async () => {
    const venue = new ScriptedOkx([A, B, C]);
    venue.snapshotsPerSubscribe = 2;
    const h = await threeLiveBooks(venue);
    await until(() => h.feed.books().every((view) => view.stats.snapshotsFetched === 2), 'both snapshots taken');
    await push(h, venue.update(B, [['110', '0']], [['110.2', '0.7']]));
    for (const symbol of [A, B, C]) {
      expect(h.book(symbol).state).toBe('live');
      expect(resyncCount(h.book(symbol))).toBe(0);
      expect(sides(h.book(symbol))).toEqual(venue.sides(symbol));
    }
    expect(h.book(B).stats.updatesApplied).toBe(1);
    expect(h.server.requests.filter((r) => r.op === 'unsubscribe')).toEqual([]);
  });

  it('an error event naming one instId makes that book invalid for good; the others stay live and nothing is resubscribed', async () => {
    const venue = new ScriptedOkx([A, B, C]);
    venue.unknown.add(B);
    const h = await startOkxFeed({ symbols: [A, B, C], onSubscribe: venue.onSubscribe });
    await until(() => h.book(B).state === 'invalid', 'B invalid');
    await until(() => h.book(A).state === 'live' && h.book(C).state === 'live', 'A and C live');
    expect(h.book(B).reason).toMatch(/60018/);

    // An error naming no instrument touches no book and keeps the connection.
    await push(h, JSON.stringify({ event: 'error', code: '60012', msg: 'Invalid request', connId: 'a4d3ae55' }));
    await push(h, venue.update(A, [['100.1', '4']]));
    await push(h, venue.update(C, [['120.1', '4']]));
    expect(h.book(A).stats.updatesApplied + h.book(C).stats.updatesApplied).toBe(2);
    expect(h.book(B).state).toBe('invalid');
    expect(h.server.requests.map((r) => `${r.op} ${r.instId}`).sort()).toEqual([`subscribe ${A}`, `subscribe ${B}`, `subscribe ${C}`]);
    expect(h.server.sockets).toHaveLength(1);
    expect(resyncCount(h.book(A)) + resyncCount(h.book(C))).toBe(0);
  });
});
