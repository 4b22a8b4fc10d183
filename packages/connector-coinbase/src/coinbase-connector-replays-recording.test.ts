import { afterEach, describe, expect, it } from '@jest/globals';
import { resyncCount, startCoinbaseFeed, stopAll, until } from './coinbase-feed.test-support.js';
import { isBookFrame, loadRecording, sequenceNumOf } from './recordings.test-support.js';

const recording = loadRecording();

afterEach(stopAll);

/**
 * The recording keeps only ETH-USD's frames of a connection that also carried BTC-USD, so its sequence_num jumps
 * where BTC-USD's messages were. The replaying server puts a heartbeat with each missing number in their place (the
 * connection as it was, minus other products' payloads) and sends the recorded frames exactly as recorded.
 */
function framesWithGapsFilled(): string[] {
  const out: string[] = [];
  let next: number | undefined;
  for (const frame of recording.frames) {
    const seq = sequenceNumOf(frame);
    if (next !== undefined && seq < next) throw new Error(`recorded sequence_num goes back: ${seq} after ${next - 1}`);
    for (let missing = next ?? seq; missing < seq; missing++) {
      out.push(JSON.stringify({ channel: 'heartbeats', client_id: '', timestamp: '2026-08-09T21:05:48.2Z', sequence_num: missing, events: [{ current_time: '2026-08-09 21:05:48 +0000 UTC', heartbeat_counter: missing }] }));
    }
    out.push(frame);
    next = seq + 1;
  }
  return out;
}

describe('the recorded Coinbase ETH-USD level2 session through the real connector and MarketFeed over loopback', () => {
  // The 2.5 MB snapshot goes through the worker thread by default; Infinity decodes it on the main thread.
  it.each([
    ['decoded off the main thread', 256 * 1024],
    ['decoded on the main thread', Infinity],
  ])('%s: follows the sequence_num chain without a resync and ends on final_book.json exactly', async (_mode, offThreadFrameBytes) => {
    const frames = framesWithGapsFilled();
    const subscribed: string[] = [];
    const { book, observed } = await startCoinbaseFeed({
      symbols: ['eth-usd'],
      connector: { offThreadFrameBytes },
      // The recording's own numbering is the only one on this connection.
      answerHeartbeats: false,
      onSubscribe: (srv, productId, connection) => {
        subscribed.push(productId);
        for (const frame of frames) srv.send(frame, connection);
      },
    });
    const bookFrames = recording.frames.filter(isBookFrame).length;
    await until(() => observed.length >= bookFrames || resyncCount(book('ETH-USD')) > 0, `${bookFrames} book messages`);

    expect(subscribed).toEqual(['ETH-USD']);
    expect(bookFrames).toBe(375);
    expect(observed).toHaveLength(bookFrames);
    expect(observed[0]!.kind).toBe('snapshot');
    const view = book('ETH-USD');
    expect(view.state).toBe('live');
    expect(resyncCount(view)).toBe(0);
    expect(sequenceNumOf(recording.frames.at(-1)!)).toBeGreaterThanOrEqual(recording.finalBook.sequence_num);
    expect([...view.book.levels('bid')]).toEqual(recording.finalBook.bids);
    expect([...view.book.levels('ask')]).toEqual(recording.finalBook.asks);
  }, 60_000);

  it('agrees with the recorded best bid/ask frames exactly where the recorder\'s own book did (tickers run on their own clock)', async () => {
    const { book, observed } = await startCoinbaseFeed({
      symbols: ['ETH-USD'],
      answerHeartbeats: false,
      onSubscribe: (srv, _productId, connection) => {
        for (const frame of framesWithGapsFilled()) srv.send(frame, connection);
      },
    });
    const bookFrames = recording.frames.filter(isBookFrame).length;
    await until(() => observed.length >= bookFrames || resyncCount(book('ETH-USD')) > 0, `${bookFrames} book messages`);
    // The book after every book frame before a ticker's line is the book at that ticker.
    const bookFramesBefore = (line: number) => recording.frames.slice(0, line).filter(isBookFrame).length;
    const ours = recording.checkpoints.map((c) => {
      const seen = observed[bookFramesBefore(c.line) - 1];
      const price = seen?.bid?.[0] === c.b && seen?.ask?.[0] === c.a;
      return { line: c.line, price, qty: price && seen?.bid?.[1] === c.B && seen?.ask?.[1] === c.A };
    });
    expect(recording.checkpoints).toHaveLength(84);
    expect(ours).toEqual(recording.checkpoints.map((c) => ({ line: c.line, price: c.price_agrees, qty: c.qty_agrees })));
    expect(ours.filter((o) => o.price).length).toBeGreaterThan(60);
  }, 60_000);
});
