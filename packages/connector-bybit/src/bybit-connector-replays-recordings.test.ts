import { afterEach, describe, expect, it } from '@jest/globals';
import { ReplaySim } from '@lob/exchange-sim';
import { listRecordings, type Recording } from './recordings.test-support.js';
import { resyncCount, startBybitFeed, stopAll, until } from './bybit-feed.test-support.js';

const recordings = listRecordings();
const replays: ReplaySim[] = [];

afterEach(async () => {
  await stopAll();
  for (const replay of replays.splice(0)) await replay.close();
});

/**
 * Starts the real connector and MarketFeed on a loopback server that plays the recording's order-book frames once
 * the client subscribes (the ticker frames of the capture are not pushed: the connector does not subscribe them).
 */
async function replayOverLoopback(recording: Recording) {
  const subscribed: string[] = [];
  const harness = await startBybitFeed({
    symbols: [recording.symbol.toLowerCase()],
    connector: { category: recording.category },
    onSubscribe: (server, _symbol, topic, connection) => {
      subscribed.push(topic);
      for (const line of recording.bookLines) server.send(recording.frames[line]!, connection);
    },
  });
  // The client subscribed the book's topic, once.
  const expectWire = () => expect(subscribed).toEqual([`orderbook.200.${recording.symbol}`]);
  return { ...harness, done: Promise.resolve(), expectWire };
}

/**
 * The same through the exchange simulator's ReplaySim, the replay engine every venue's recordings share: it answers
 * the subscribe as Bybit does (an ack, then every recorded frame of the topic, verbatim and in order). The connector
 * is pointed at it; the harness's own server gets no connection.
 */
async function replayThroughReplaySim(recording: Recording) {
  const replay = await ReplaySim.start({ timeline: recording.timeline });
  replays.push(replay);
  expect(replay.symbol).toBe(recording.symbol);
  const harness = await startBybitFeed({
    symbols: [recording.symbol.toLowerCase()],
    connector: { category: recording.category, wsUrl: replay.wsUrl },
  });
  // One connection, one subscribe answered by one ack and the book's recorded frames, nothing else (the ticker
  // frames are the recording's other topic, which the connector does not subscribe).
  const expectWire = () => {
    expect(harness.server.sockets).toHaveLength(0);
    expect(replay.stats()).toMatchObject({ connections: 1, messagesReceived: 1, framesSent: recording.bookLines.length + 1 });
  };
  // Resolves once the connection got every recorded frame of a topic it subscribed.
  return { ...harness, done: replay.replayDone(), expectWire };
}

it('the recordings cover the 2 linear and the spot session', () => {
  expect(recordings.map((r) => `${r.category}:${r.symbol}`)).toEqual(['linear:DOGEUSDT', 'linear:SOLUSDT', 'spot:ETHUSDT']);
});

describe.each([
  ['a loopback server playing the frames', replayOverLoopback],
  ["the simulator's ReplaySim", replayThroughReplaySim],
] as const)('every recorded Bybit session through the real connector and MarketFeed, served by %s', (_by, replay) => {
  it.each(recordings.map((r) => [r.id, r] as const))(
    '%s: the u chain continues with no resync and the book ends on final_book.json',
    async (_id, recording) => {
      const { book, observed, connector, done, expectWire } = await replay(recording);
      const messages = recording.bookLines.length;
      // Also stops waiting at the first resync, so a broken book fails at once instead of at the ceiling.
      await until(() => observed.length >= messages || resyncCount(book(recording.symbol)) > 0, `${messages} book messages seen`);

      await done;
      expect(connector.market).toBe(`bybit-${recording.category}`);
      expectWire();
      expect(observed).toHaveLength(messages);
      // One snapshot, then every delta applied with u one above the last: nothing dropped as stale, no gap.
      expect(observed[0]!.kind).toBe('snapshot');
      const first = observed[0]!.id;
      expect(observed.map((o) => o.id)).toEqual(observed.map((_, i) => first + i));
      const view = book(recording.symbol);
      expect(view.state).toBe('live');
      expect(resyncCount(view)).toBe(0);
      expect(view.stats.staleDropped).toBe(0);
      expect(view.lastUpdateId).toBe(recording.finalBook.u);
      expect([...view.book.levels('bid')]).toEqual(recording.finalBook.bids);
      expect([...view.book.levels('ask')]).toEqual(recording.finalBook.asks);

      // Sanity check against Bybit's own best bid/ask frames. They run on their own clock, so they need not match
      // the book at the aligned message; where the recording's independent rebuild agreed with the ticker's prices,
      // the connector's book must agree too, and it must agree exactly as often.
      if (recording.checkpoints.length === 0) return;
      const indexOfLine = new Map(recording.bookLines.map((line, index) => [line, index]));
      let agreements = 0;
      for (const checkpoint of recording.checkpoints) {
        const seen = observed[indexOfLine.get(checkpoint.bookLine)!]!;
        const agrees = seen.bestBid === checkpoint.bid && seen.bestAsk === checkpoint.ask;
        if (agrees) agreements++;
        if (checkpoint.priceAgrees) expect({ line: checkpoint.line, bid: seen.bestBid, ask: seen.bestAsk }).toEqual({ line: checkpoint.line, bid: checkpoint.bid, ask: checkpoint.ask });
      }
      expect(agreements).toBe(recording.checkpoints.filter((c) => c.priceAgrees).length);
      // Most tickers are comparable at all: a sanity floor, not an exact figure.
      expect(agreements / recording.checkpoints.length).toBeGreaterThan(0.9);
    },
    30_000,
  );
});
