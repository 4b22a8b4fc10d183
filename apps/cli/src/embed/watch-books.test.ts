import { describe, expect, it } from '@jest/globals';
import type { BookWatch } from './book-watch.js';
import { watchBooks } from './watch-books.js';
import { WatchError } from './watch-error.js';
import type { WatchedBook } from './watched-book.js';

/** The demo simulator with no faults, so every state a test waits for comes. */
const DEMO = { faultEveryTicks: 0, seed: 7 } as const;

/** The next view of the loop that satisfies `test` (the loop ends the test if the watch closes first). */
async function nextWhere(loop: AsyncIterator<WatchedBook>, test: (book: WatchedBook) => boolean): Promise<WatchedBook> {
  for (;;) {
    const step = await loop.next();
    if (step.done === true) throw new Error('the watch closed first');
    if (test(step.value)) return step.value;
  }
}

/** Waits until the watch's book satisfies `test`, checking between the feed's updates. */
async function until(watch: BookWatch, symbol: string, test: (book: WatchedBook) => boolean): Promise<WatchedBook> {
  for (;;) {
    const book = watch.latest(symbol);
    if (book !== undefined && test(book)) return book;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function rejection(promise: Promise<unknown>): Promise<WatchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WatchError);
  return error as WatchError;
}

describe('watchBooks against the demo simulator', () => {
  it('yields live books with exact levels, coalesces for a slow loop, and closes on break', async () => {
    const watch = await watchBooks({ venue: 'Spot', symbols: ['btcusdt', 'ethusdt'], depth: 3, demo: DEMO });
    expect(watch.venue).toBe('binance-spot');
    expect(watch.symbols).toEqual(['BTCUSDT', 'ETHUSDT']);
    const loop = watch[Symbol.asyncIterator]();
    const live = await nextWhere(loop, (b) => b.symbol === 'BTCUSDT' && b.state === 'live');
    expect(live.bids).toHaveLength(3);
    expect(live.bids[0]?.[0]).toMatch(/^\d+\.\d+$/);
    expect(Number(live.bids[0]?.[0])).toBeLessThan(Number(live.asks[0]?.[0]));
    expect(live.lastUpdateId).toEqual(expect.any(Number));
    // The loop sleeps while BTCUSDT takes many updates: what it reads next is the newest state, not the backlog.
    const later = await until(watch, 'BTCUSDT', (b) => b.state === 'live' && b.updatesApplied >= live.updatesApplied + 10);
    const next = await nextWhere(loop, (b) => b.symbol === 'BTCUSDT');
    expect(next.updatesApplied).toBeGreaterThanOrEqual(later.updatesApplied);
    expect(next.lastUpdateId).toBeGreaterThan(live.lastUpdateId as number);
    await loop.return?.();
    expect(watch.closed).toBe(true);
    expect(await loop.next()).toEqual({ done: true, value: undefined });
  });

  it('closes on the signal, and refuses to start with one already aborted', async () => {
    const controller = new AbortController();
    const watch = await watchBooks({ venue: 'okx', symbols: ['btc-usdt'], demo: DEMO, signal: controller.signal });
    const seen: string[] = [];
    for await (const book of watch) {
      seen.push(book.state);
      if (book.state === 'live') controller.abort();
    }
    expect(seen.at(-1)).toBe('live');
    expect(watch.closed).toBe(true);
    const error = await rejection(watchBooks({ venue: 'okx', symbols: ['BTC-USDT'], demo: DEMO, signal: AbortSignal.abort() }));
    expect(error.reason).toBe('aborted');
  });

  it('rejects a venue, a symbol or a depth it cannot watch, naming the option', async () => {
    const venue = await rejection(watchBooks({ venue: 'krakn', symbols: ['btcusdt'], demo: DEMO }));
    expect([venue.reason, venue.key]).toEqual(['unknown-venue', 'venue']);
    expect(venue.message).toMatch(/"krakn" is not a venue.*did you mean kraken/);
    const listed = await rejection(watchBooks({ venue: 'binance-spot', symbols: ['btcustd'], demo: DEMO }));
    expect([listed.reason, listed.key]).toEqual(['unknown-symbol', 'symbols']);
    expect(listed.message).toBe('symbols: BTCUSTD is not a binance-spot symbol the exchange trades (did you mean BTCUSDT?)');
    const spelled = await rejection(watchBooks({ venue: 'okx', symbols: ['btc usdt'], demo: DEMO }));
    expect([spelled.reason, spelled.key]).toEqual(['unknown-symbol', 'symbols']);
    expect(spelled.message).toMatch(/^symbols: /);
    const depth = await rejection(watchBooks({ venue: 'okx', symbols: ['BTC-USDT'], depth: 0, demo: DEMO }));
    expect([depth.reason, depth.key]).toEqual(['invalid-option', 'depth']);
    const faults = await rejection(watchBooks({ venue: 'okx', symbols: ['BTC-USDT'], demo: { faultEveryTicks: -1 } }));
    expect([faults.reason, faults.key]).toEqual(['invalid-option', 'demo.faultEveryTicks']);
    const urls = await rejection(watchBooks({ venue: 'okx', symbols: ['BTC-USDT'], restUrl: 'http://127.0.0.1:1', demo: DEMO }));
    expect([urls.reason, urls.key]).toEqual(['invalid-option', 'restUrl']);
  });
});
