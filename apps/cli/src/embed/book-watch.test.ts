import { describe, expect, it, jest } from '@jest/globals';
import type { BookStateEvent, SyncState } from '@lob/core';
import { FakeSource, fakeBook, type FakeBook } from '../fake-source.test-support.js';
import { FeedWatch } from './book-watch.js';

/** A watch over two fake Binance books, with a count of how often it released its feed. */
function setUp(depth = 2) {
  const a = fakeBook('binance-spot', 'AAAUSDT', { bids: [['10.0', '1'], ['9.5', '2'], ['9.0', '3']], asks: [['11.0', '1'], ['11.5', '2']], lastUpdateId: 1 });
  const b = fakeBook('binance-spot', 'BBBUSDT', { bids: [['1.0', '5']], asks: [['2.0', '5']], lastUpdateId: 1 });
  const release = jest.fn(async () => undefined);
  const watch = new FeedWatch(new FakeSource('binance-spot', [a, b]), depth, release);
  return { a, b, watch, release };
}

/** Applies one update to a fake book the way a feed would, and tells the watch. */
function update(watch: FeedWatch, book: FakeBook, bid: string): void {
  book.book.set('bid', bid, '1');
  book.lastUpdateId++;
  book.stats.updatesApplied++;
  watch.changed(book.symbol);
}

function stateChange(watch: FeedWatch, book: FakeBook, state: SyncState, reason: string): void {
  const previous = book.state;
  book.state = state;
  book.reason = reason;
  const event: BookStateEvent = { kind: 'book', market: book.market, symbol: book.symbol, state, previous, reason, at: 0 };
  watch.event(event);
}

/** Whether a promise has settled once every queued callback ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('FeedWatch', () => {
  it('starts every loop with each book, frozen, exact strings, at most `depth` levels', async () => {
    const { watch } = setUp();
    const it = watch[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.value).toEqual(
      expect.objectContaining({ venue: 'binance-spot', symbol: 'AAAUSDT', state: 'live', lastUpdateId: 1, bids: [['10.0', '1'], ['9.5', '2']], asks: [['11.0', '1'], ['11.5', '2']] }),
    );
    expect(Object.isFrozen(first.value)).toBe(true);
    expect(Object.isFrozen(first.value?.bids)).toBe(true);
    expect(Object.isFrozen(first.value?.bids[0])).toBe(true);
    expect((await it.next()).value?.symbol).toBe('BBBUSDT');
    expect(await settled(it.next())).toBe(false);
  });

  it('gives a slow loop the newest state of each book once, never an older one after it', async () => {
    const { a, b, watch } = setUp();
    const it = watch[Symbol.asyncIterator]();
    await it.next();
    await it.next();
    for (let i = 0; i < 500; i++) update(watch, a, `9.${100 + i}`);
    update(watch, b, '1.5');
    for (let i = 0; i < 500; i++) update(watch, a, `8.${100 + i}`);
    const seen = [(await it.next()).value, (await it.next()).value];
    expect(seen.map((v) => [v?.symbol, v?.lastUpdateId])).toEqual([
      ['AAAUSDT', 1001],
      ['BBBUSDT', 2],
    ]);
    expect(await settled(it.next())).toBe(false);
  });

  it('yields state changes with no levels, and a book in trouble holds back no other book', async () => {
    const { a, b, watch } = setUp();
    const it = watch[Symbol.asyncIterator]();
    await it.next();
    await it.next();
    stateChange(watch, a, 'resyncing', 'gap: U=5 after 3');
    a.exactDepth = { bids: 0, asks: 0 };
    update(watch, b, '1.5');
    const resyncing = (await it.next()).value;
    expect(resyncing).toEqual(expect.objectContaining({ symbol: 'AAAUSDT', state: 'resyncing', reason: 'gap: U=5 after 3', bids: [], asks: [], exactDepth: { bids: 0, asks: 0 } }));
    expect(resyncing).not.toHaveProperty('lastUpdateId');
    expect((await it.next()).value).toEqual(expect.objectContaining({ symbol: 'BBBUSDT', state: 'live', lastUpdateId: 2 }));
  });

  it('never hands out levels deeper than the book is exact', async () => {
    const { a, watch } = setUp(10);
    a.exactDepth = { bids: 1, asks: 2 };
    expect(watch.latest('AAAUSDT')).toEqual(expect.objectContaining({ bids: [['10.0', '1']], asks: [['11.0', '1'], ['11.5', '2']] }));
  });

  it('keeps the books and the other listeners going when a listener throws', async () => {
    const { a, watch } = setUp();
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const heard: string[] = [];
    watch.onState(() => {
      throw new Error('consumer bug');
    });
    const stop = watch.onState((event) => heard.push(event.state));
    const it = watch[Symbol.asyncIterator]();
    stateChange(watch, a, 'resyncing', 'gap');
    stop();
    stateChange(watch, a, 'live', 'snapshot bridged');
    expect(heard).toEqual(['resyncing']);
    expect(warn.mock.calls.map((call) => [String(call[0]), call[1]])).toEqual(
      Array(2).fill(['watchBooks: a state listener threw: consumer bug', 'WatchBooksListenerWarning']),
    );
    expect((await it.next()).value?.symbol).toBe('AAAUSDT');
    warn.mockRestore();
  });

  it('releases the feed once when a loop breaks, and ends every other loop', async () => {
    const { a, watch, release } = setUp();
    const other = watch[Symbol.asyncIterator]();
    await other.next();
    await other.next();
    const waiting = other.next();
    for await (const book of watch) {
      expect(book.symbol).toBe('AAAUSDT');
      break;
    }
    expect(release).toHaveBeenCalledTimes(1);
    expect(watch.closed).toBe(true);
    expect(await waiting).toEqual({ done: true, value: undefined });
    update(watch, a, '9.9');
    expect(await watch[Symbol.asyncIterator]().next()).toEqual({ done: true, value: undefined });
    await watch.close();
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('closes when the loop body throws, and the error is the loop\'s own', async () => {
    const { watch, release } = setUp();
    const loop = async (): Promise<void> => {
      for await (const book of watch) throw new Error(`cannot trade ${book.symbol}`);
    };
    await expect(loop()).rejects.toThrow('cannot trade AAAUSDT');
    expect(release).toHaveBeenCalledTimes(1);
  });
});
