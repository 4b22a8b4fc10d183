import { afterEach, describe, expect, it } from '@jest/globals';
import type { Level } from '@lob/core';
import { FeedHarness } from './feed-harness.test-support.js';
import { createKrakenConnector } from './kraken-connector.js';
import { LoopbackKraken } from './loopback-kraken.test-support.js';
import { loadRecording, recordingIds, type Recording } from './recordings.test-support.js';
import { toV2Session, v2PlainText } from './v2-wire.test-support.js';

// Busy machine: a generous safety net, never an assertion about speed.
const SAFETY_NET_MS = 120_000;
const session = (name: string): Recording => loadRecording(recordingIds().find((id) => id.includes(name))!);
const GRT = session('GRT-ETH');
const USDC = session('USDC-GBP');
const OCEAN = session('OCEAN-XBT');
const expectedChecksums = (recording: Recording): number[] => [...recording.checkpoints].sort(([a], [b]) => a - b).map(([, checksum]) => checksum);
const levels = (view: { book: { levels(side: 'bid' | 'ask'): Iterable<Level> } }, side: 'bid' | 'ask') => [...view.book.levels(side)];

/** A session's book frames on the wire of `protocol`, with its pair in that wire's spelling and in lob's. */
function wire(recording: Recording, protocol: 'v1' | 'v2'): { pair: string; symbol: string; frames: string[]; finalBook: { bids: Level[]; asks: Level[] } } {
  const v2 = toV2Session(recording);
  const plain = (side: readonly Level[]): Level[] => side.map(([p, q]) => (protocol === 'v2' ? [v2PlainText(p), v2PlainText(q)] : [p, q]));
  const finalBook = { bids: plain(recording.finalBook.bids), asks: plain(recording.finalBook.asks) };
  if (protocol === 'v2') return { pair: v2.pair, symbol: v2.pair, frames: [...v2.frames], finalBook };
  return { pair: v2.wsname, symbol: v2.pair, frames: recording.frames.filter((f) => f.startsWith('[')), finalBook };
}

/** The first update frame with its first volume's first digit changed (v1 quotes it, v2 writes a number). */
function corruptFirstUpdate(frames: readonly string[]): string[] {
  const bump = (d: string): string => (d === '9' ? '1' : String(Number(d) + 1));
  return frames.map((frame, i) => {
    if (i !== 1) return frame; // frame 0 is the snapshot
    const corrupted = frame.startsWith('[')
      ? frame.replace(/(\[\["[0-9.]+",")(\d)/, (_m, head: string, d: string) => head + bump(d))
      : frame.replace(/("qty":)(\d)/, (_m, head: string, d: string) => head + bump(d));
    if (corrupted === frame) throw new Error('nothing corrupted');
    return corrupted;
  });
}

/**
 * True once a pair has met all its checkpoints, or can no longer (invalid, or more resyncs than `resyncs`): the wait
 * ends either way and the assertions tell which, instead of a hang until the safety net.
 */
function settled(harness: FeedHarness, recording: Recording, symbol: string, resyncs: number): boolean {
  const view = harness.view(symbol);
  const count = Object.values(view.stats.resyncs).reduce((sum, n) => sum + (n ?? 0), 0);
  if (view.state === 'invalid' || count > resyncs) return true;
  return count === resyncs && view.state === 'live' && (harness.observed.get(symbol)?.checksums.length ?? 0) >= recording.checkpoints.size;
}

let running: { harness: FeedHarness; server: LoopbackKraken } | undefined;
afterEach(async () => {
  await running?.harness.stop();
  await running?.server.close();
  running = undefined;
});

describe.each(['v1', 'v2'] as const)('Kraken %s over loopback', (protocol) => {
  it('a corrupted level resyncs that pair alone: unsubscribe, then subscribe once answered; it comes back live and exact', async () => {
    const [grt, usdc, ocean] = [wire(GRT, protocol), wire(USDC, protocol), wire(OCEAN, protocol)];
    const server = await LoopbackKraken.start({
      books: new Map([
        // The first subscription carries a corrupted level; the resync's subscription is Kraken's true stream.
        [grt.pair, (nth: number) => (nth === 0 ? corruptFirstUpdate(grt.frames) : grt.frames)],
        [usdc.pair, () => usdc.frames],
        [ocean.pair, () => ocean.frames],
      ]),
      assetPairs: new Map([GRT, USDC, OCEAN].map((r) => [toV2Session(r).wsname, toV2Session(r).precision])),
    });
    const connector = createKrakenConnector({ wsUrl: protocol === 'v2' ? server.v2Url : server.v1Url, restUrl: server.restUrl, pingIntervalMs: 0 });
    const harness = new FeedHarness(connector, [grt.symbol, usdc.symbol, ocean.symbol]).start();
    running = { harness, server };
    const done = (r: Recording, symbol: string, resyncs = 0) => settled(harness, r, symbol, resyncs);
    await harness.until(() => done(GRT, grt.symbol, 1) && done(USDC, usdc.symbol) && done(OCEAN, ocean.symbol));

    // The server saw, for GRT alone and in this order: the unsubscribe, its answer, and only then the subscribe.
    expect(server.log.filter((entry) => entry.startsWith('>'))).toEqual([
      `> subscribe ${grt.pair},${usdc.pair},${ocean.pair}`,
      `> unsubscribe ${grt.pair}`,
      `> subscribe ${grt.pair}`,
    ]);
    expect(server.about(grt.pair).slice(1)).toEqual([`< subscribed ${grt.pair}`, `> unsubscribe ${grt.pair}`, `< unsubscribed ${grt.pair}`, `> subscribe ${grt.pair}`, `< subscribed ${grt.pair}`]);
    const grtView = harness.view(grt.symbol);
    expect(grtView.stats.resyncs).toEqual({ checksum: 1 });
    expect(harness.states(grt.symbol)).toEqual(['connecting', 'syncing', 'live', 'resyncing (checksum)', 'live']);
    // Back live on the fresh subscription: every checksum of it met, the final book exact.
    expect(harness.observed.get(grt.symbol)!.checksums).toEqual(expectedChecksums(GRT));
    expect(levels(grtView, 'bid')).toEqual(grt.finalBook.bids);
    expect(levels(grtView, 'ask')).toEqual(grt.finalBook.asks);
    for (const [recording, other] of [[USDC, usdc], [OCEAN, ocean]] as const) {
      const view = harness.view(other.symbol);
      expect({ symbol: other.symbol, state: view.state, resyncs: view.stats.resyncs }).toEqual({ symbol: other.symbol, state: 'live', resyncs: {} });
      expect(harness.observed.get(other.symbol)!.checksums).toEqual(expectedChecksums(recording));
      expect(levels(view, 'bid')).toEqual(other.finalBook.bids);
      expect(levels(view, 'ask')).toEqual(other.finalBook.asks);
    }
    expect(harness.feed.connections().reconnects).toBe(0);
  }, SAFETY_NET_MS);

  it('a refused subscription makes that pair invalid, once; the others go live, and "Already subscribed" disturbs nothing', async () => {
    const [grt, usdc] = [wire(GRT, protocol), wire(USDC, protocol)];
    // Mid-stream, Kraken answers a (stray) duplicate subscribe of USDC/GBP: the book must carry on untouched.
    const alreadySubscribed =
      protocol === 'v2'
        ? JSON.stringify({ error: 'Already subscribed', method: 'subscribe', success: false, symbol: usdc.pair, time_in: 'x', time_out: 'y' })
        : JSON.stringify({ errorMessage: 'Already subscribed', event: 'subscriptionStatus', pair: usdc.pair, status: 'error', subscription: { depth: 1000, name: 'book' } });
    const usdcFrames = [...usdc.frames.slice(0, 10), alreadySubscribed, ...usdc.frames.slice(10)];
    const server = await LoopbackKraken.start({
      books: new Map([
        [grt.pair, () => grt.frames],
        [usdc.pair, () => usdcFrames],
      ]),
      refusals: new Map([['FOO/BAR', 'Currency pair not supported FOO/BAR']]),
      assetPairs: new Map([GRT, USDC].map((r) => [toV2Session(r).wsname, toV2Session(r).precision])),
    });
    const connector = createKrakenConnector({ wsUrl: protocol === 'v2' ? server.v2Url : server.v1Url, restUrl: server.restUrl, pingIntervalMs: 0 });
    const harness = new FeedHarness(connector, [grt.symbol, 'foo-bar', usdc.symbol]).start();
    running = { harness, server };
    const done = (r: Recording, symbol: string) => settled(harness, r, symbol, 0);
    await harness.until(() => harness.view('FOO/BAR').state === 'invalid' && done(GRT, grt.symbol) && done(USDC, usdc.symbol));

    expect(harness.view('FOO/BAR').reason).toBe('subscription refused: Currency pair not supported FOO/BAR');
    expect(harness.states('FOO/BAR')).toEqual(['connecting', 'syncing', 'invalid']);
    // No storm: the one subscribe request, nothing asked again.
    expect(server.log.filter((entry) => entry.startsWith('>'))).toEqual([`> subscribe ${grt.pair},FOO/BAR,${usdc.pair}`]);
    for (const [recording, other] of [[GRT, grt], [USDC, usdc]] as const) {
      const view = harness.view(other.symbol);
      expect({ symbol: other.symbol, state: view.state, resyncs: view.stats.resyncs }).toEqual({ symbol: other.symbol, state: 'live', resyncs: {} });
      expect(harness.observed.get(other.symbol)!.checksums).toEqual(expectedChecksums(recording));
      expect(levels(view, 'bid')).toEqual(other.finalBook.bids);
      expect(levels(view, 'ask')).toEqual(other.finalBook.asks);
    }
  }, SAFETY_NET_MS);
});
