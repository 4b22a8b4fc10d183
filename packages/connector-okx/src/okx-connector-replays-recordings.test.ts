import { afterEach, describe, expect, it } from '@jest/globals';
import { listRecordings, type Recording } from './recordings.test-support.js';
import { resyncCount, startOkxFeed, stopAll, until } from './okx-feed.test-support.js';
import type { OkxBookChannel } from './okx-venue.js';

const recordings = listRecordings();

afterEach(stopAll);

/** Starts the real connector and MarketFeed on a loopback server that plays `recording` once the client subscribes. */
async function replayOverLoopback(recording: Recording) {
  const subscribed: string[] = [];
  const harness = await startOkxFeed({
    symbols: [recording.instId.toLowerCase()],
    connector: { channel: recording.channel as OkxBookChannel },
    // The recorded frames begin with OKX's own acknowledgements (two in the duplicate-subscribe sessions): sent as
    // recorded, in order, in one burst.
    onSubscribe: (server, instId, channel, connection) => {
      subscribed.push(`${channel}:${instId}`);
      for (const frame of recording.frames) server.send(frame, connection);
    },
  });
  return { ...harness, subscribed };
}

describe('every recorded OKX and OKCoin session through the real connector and MarketFeed over loopback', () => {
  it('covers all 11 OKX and 2 OKCoin sessions', () => {
    expect(recordings.filter((r) => r.exchange === 'okx')).toHaveLength(11);
    expect(recordings.filter((r) => r.exchange === 'okcoin')).toHaveLength(2);
  });

  it.each(recordings.map((r) => [r.id, r] as const))(
    '%s: the book matches every checkpoint, never resyncs, and ends on final_book.json',
    async (_id, recording) => {
      const { book, observed, subscribed } = await replayOverLoopback(recording);
      const expected = [...recording.checkpoints.entries()].sort((a, b) => a[0] - b[0]);
      // Also stops waiting at the first resync, so a broken book fails at once instead of at the ceiling.
      await until(() => observed.length >= expected.length || resyncCount(book(recording.instId)) > 0, `${expected.length} book messages seen`);

      expect(subscribed).toEqual([`${recording.channel}:${recording.instId}`]);
      // The i-th book message (snapshot or update) is the i-th checkpoint line; both the checksum the book says it
      // matched and the one its levels give (computed on the test side) must be the recorded one.
      const seen = observed.map((o, i) => ({ line: expected[i]?.[0], checksum: o.checksum, levels: o.bookChecksum }));
      expect(seen).toEqual(expected.map(([line, checksum]) => ({ line, checksum, levels: checksum })));
      const view = book(recording.instId);
      expect(view.state).toBe('live');
      expect(resyncCount(view)).toBe(0);
      expect(view.checksum).toBe(expected.at(-1)![1]);
      expect([...view.book.levels('bid')]).toEqual(recording.finalBook.bids);
      expect([...view.book.levels('ask')]).toEqual(recording.finalBook.asks);
    },
    30_000,
  );
});
