import type { StreamMessage } from '@lob/core';
import { afterEach, describe, expect, it } from '@jest/globals';
import { BOOKS, expectConverged, resyncReasons, snapshotCounts, startSimFeed, type SimFeed } from './sim-feed.test-support.js';

const SERVED = ['BTCUSDT', 'ETHUSDT'];
// The unknown symbol sits between two valid ones, so it shares their connection and their SUBSCRIBE request.
const FEED = ['BTCUSDT', 'NOPEUSDT', 'ETHUSDT'];

let running: SimFeed | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** Waits until `test` holds, without ticking (fails after `ms`). */
async function until(test: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(BOOKS)('a symbol the exchange simulator does not know, among valid ones (%s book)', (_name, createBook) => {
  it('is refused at SUBSCRIBE, goes invalid without a snapshot, and the others stay live and exact', async () => {
    running = await startSimFeed({ market: 'spot', symbols: SERVED, feedSymbols: FEED, createBook });
    const nope = running.feed.book('NOPEUSDT')!;
    await until(() => nope.state === 'invalid');
    expect(nope.reason).toMatch(/^subscription refused: error 2: Invalid request: unknown stream/);
    for (let checkpoint = 0; checkpoint < 3; checkpoint++) {
      running.sim.tick(50);
      await expectConverged(running);
    }
    expect(nope.state).toBe('invalid');
    expect(snapshotCounts(running)).toEqual({ BTCUSDT: 1, ETHUSDT: 1 });
    expect(resyncReasons(running)).toEqual([]);
    expect(running.feed.connections()).toMatchObject({ total: 1, open: 1, reconnects: 0 });
  });

  it('on a server that accepts any stream, is invalid after one 400 -1121 snapshot and never asked again', async () => {
    running = await startSilentlyAccepting(createBook);
    const nope = running.feed.book('NOPEUSDT')!;
    await until(() => nope.state === 'invalid');
    expect(nope.reason).toBe('unknown-symbol: snapshot of NOPEUSDT: HTTP 400 -1121 Invalid symbol.');
    for (let checkpoint = 0; checkpoint < 3; checkpoint++) {
      running.sim.tick(50);
      await expectConverged(running);
    }
    expect(nope.state).toBe('invalid');
    expect(snapshotCounts(running).NOPEUSDT).toBe(1);
    expect(resyncReasons(running)).toEqual([]);
  });

  // KNOWN DEFECT, outside this branch's files: BookSync.connecting() and streamOpened() leave 'invalid', so after a
  // reconnect the symbol syncs again and costs one more snapshot (and /health a few seconds of 503). The fix is a
  // guard in core's book-sync.ts (`if (this.state === 'invalid') return;` in both); this test then passes: drop `.failing`.
  it('stays invalid across a reconnect, with no second snapshot', async () => {
    running = await startSilentlyAccepting(createBook);
    const nope = running.feed.book('NOPEUSDT')!;
    await until(() => nope.state === 'invalid');
    running.sim.tick(20);
    await expectConverged(running);
    const states: string[] = [];
    const seen = running.events.length;
    running.sim.inject({ kind: 'disconnect' });
    running.sim.tick(20);
    await expectConverged(running);
    await new Promise((r) => setTimeout(r, 2000)); // longer than the quiet-snapshot delay: a retry would have happened
    for (const e of running.events.slice(seen)) if (e.kind === 'book' && e.symbol === 'NOPEUSDT') states.push(e.state);
    expect({ states, snapshots: snapshotCounts(running).NOPEUSDT }).toEqual({ states: [], snapshots: 1 });
  });
});

/** A feed against the exchange simulator as if the server subscribed unknown streams silently (and then sent nothing for them). */
async function startSilentlyAccepting(createBook: (typeof BOOKS)[number][1]): Promise<SimFeed> {
  // The quiet-snapshot delay (which is what asks for NOPEUSDT's snapshot: it never has an event) must outlast the
  // SUBSCRIBE round trips that split the exchange simulator's refused request, as the 3 s default outlasts subscribing 1 024 streams.
  const feed = await startSimFeed({ market: 'spot', symbols: SERVED, feedSymbols: FEED, createBook, feed: { quietSnapshotDelayMs: 1500 } });
  // the exchange simulator refuses the SUBSCRIBE; hiding the refusal leaves the depth endpoint's 400 -1121 to tell.
  const decode = feed.connector.decode.bind(feed.connector);
  feed.connector.decode = (frame: string): StreamMessage => {
    const message = decode(frame);
    return message.type === 'rejected' ? { type: 'control' } : message;
  };
  return feed;
}
