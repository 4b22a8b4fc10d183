import { afterEach, describe, expect, it } from '@jest/globals';
import type { Level } from '@lob/core';
import { FeedHarness } from './feed-harness.test-support.js';
import { createKrakenConnector } from './kraken-connector.js';
import { LoopbackKraken } from './loopback-kraken.test-support.js';
import { loadRecording, recordingIds, type Recording } from './recordings.test-support.js';
import { toV2Session, v2PlainText } from './v2-wire.test-support.js';

// Busy machine: a generous safety net, never an assertion about speed.
const SAFETY_NET_MS = 120_000;
const recordings: Recording[] = recordingIds().map(loadRecording);
/** v1 wire spelling of a session's pair, from its id (kraken-book_XBT-CHF_2021-04-17 → XBT/CHF). */
const v1Pair = (recording: Recording): string => recording.id.split('_')[1]!.replace('-', '/');
/** lob's spelling (v2's). */
const lobPair = (wire: string): string => wire.replace(/\bXBT\b/, 'BTC').replace(/\bXDG\b/, 'DOGE');
/** Kraken's checksum after each update, in timeline order. */
const expectedChecksums = (recording: Recording): number[] => [...recording.checkpoints].sort(([a], [b]) => a - b).map(([, checksum]) => checksum);
const levels = (view: { book: { levels(side: 'bid' | 'ask'): Iterable<Level> } }, side: 'bid' | 'ask') => [...view.book.levels(side)];

let running: { harness: FeedHarness; server: LoopbackKraken } | undefined;
afterEach(async () => {
  await running?.harness.stop();
  await running?.server.close();
  running = undefined;
});

/** Serves `books` on a loopback Kraken and runs a MarketFeed over the real connector until every checkpoint is met. */
async function replay(protocol: 'v1' | 'v2', books: Map<string, readonly string[]>, assetPairs?: Map<string, { pair_decimals: number; lot_decimals: number }>) {
  const server = await LoopbackKraken.start({ books: new Map([...books].map(([pair, frames]) => [pair, () => frames])), ...(assetPairs === undefined ? {} : { assetPairs }) });
  const connector = createKrakenConnector({ wsUrl: protocol === 'v2' ? server.v2Url : server.v1Url, restUrl: server.restUrl, pingIntervalMs: 0 });
  const symbols = recordings.map((r) => lobPair(v1Pair(r)));
  const harness = new FeedHarness(connector, symbols).start();
  running = { harness, server };
  // A resync or an invalid book ends the wait at once: the assertions then say which.
  const resynced = () => harness.feed.books().some((view) => view.state === 'invalid' || Object.keys(view.stats.resyncs).length > 0);
  await harness.until(() => resynced() || recordings.every((r) => (harness.observed.get(lobPair(v1Pair(r)))?.checksums.length ?? 0) >= r.checkpoints.size));
  return { server, connector, harness };
}

describe('the ten recorded Kraken sessions through the real connector and MarketFeed over loopback', () => {
  it('v1: every checkpoint checksum is the book\'s, no resync, and every final book is final_book.json exactly', async () => {
    const { server, connector, harness } = await replay('v1', new Map(recordings.map((r) => [v1Pair(r), r.frames.filter((frame) => frame.startsWith('['))])));
    expect(connector.protocol).toBe('v1');
    expect(server.paths).toEqual(['/']);
    // v1 strings carry their precision: no AssetPairs request is needed.
    expect(server.assetPairsRequests).toBe(0);
    // One subscribe request for every pair, at depth 1000, and nothing else.
    expect(server.log.filter((entry) => entry.startsWith('>'))).toEqual([`> subscribe ${recordings.map(v1Pair).join(',')}`]);
    let checkpoints = 0;
    for (const recording of recordings) {
      const view = harness.view(lobPair(v1Pair(recording)));
      expect({ id: recording.id, state: view.state, resyncs: view.stats.resyncs }).toEqual({ id: recording.id, state: 'live', resyncs: {} });
      expect(harness.observed.get(view.symbol)?.checksums).toEqual(expectedChecksums(recording));
      expect(view.checksum).toBe(expectedChecksums(recording).at(-1));
      expect(levels(view, 'bid')).toEqual(recording.finalBook.bids);
      expect(levels(view, 'ask')).toEqual(recording.finalBook.asks);
      // The client-trimmed window: no side ever held more than the subscribed depth after a message.
      expect(harness.observed.get(view.symbol)!.maxLevels).toBeLessThanOrEqual(1000);
      checkpoints += recording.checkpoints.size;
    }
    expect(checkpoints).toBe(5519);
    // DASH-EUR reaches 1 001 levels before the trim: the window was full and trimmed back.
    expect(harness.observed.get('DASH/EUR')!.maxLevels).toBe(1000);
  }, SAFETY_NET_MS);

  it('v2 (converted wire, numbers without trailing zeros, precisions from a loopback AssetPairs): every checksum verifies and the books hold the exchange\'s text', async () => {
    const sessions = recordings.map(toV2Session);
    const { server, connector, harness } = await replay(
      'v2',
      new Map(sessions.map((s) => [s.pair, s.frames])),
      new Map(sessions.map((s) => [s.wsname, s.precision])),
    );
    expect(connector.protocol).toBe('v2');
    expect(server.paths).toEqual(['/v2']);
    // Fetched once, before the socket opened, for every pair of the connection.
    expect(server.assetPairsRequests).toBe(1);
    // The wire really drops trailing zeros ("140.00000000" is sent as 140), so the precisions are needed.
    expect(sessions.every((s) => s.frames.some((f) => /"qty":\d+[,}]/.test(f)))).toBe(true);
    for (const [i, recording] of recordings.entries()) {
      const view = harness.view(sessions[i]!.pair);
      expect({ id: recording.id, state: view.state, resyncs: view.stats.resyncs }).toEqual({ id: recording.id, state: 'live', resyncs: {} });
      expect(harness.observed.get(view.symbol)?.checksums).toEqual(expectedChecksums(recording));
      // The exchange's decimal text as v2 sent it: the v1 values without their trailing zeros, never a float's.
      const plain = (side: readonly Level[]) => side.map(([price, qty]) => [v2PlainText(price), v2PlainText(qty)]);
      expect(levels(view, 'bid')).toEqual(plain(recording.finalBook.bids));
      expect(levels(view, 'ask')).toEqual(plain(recording.finalBook.asks));
    }
  }, SAFETY_NET_MS);
});
