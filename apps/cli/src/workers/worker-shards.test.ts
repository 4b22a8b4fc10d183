import os from 'node:os';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, type FeedEvent } from '@lob/core';
import { resolveSettings } from '../config/settings.js';
import { quietIO, until } from '../serve/book-timeline.test-support.js';
import { startServe } from '../serve/run-serve.js';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'SOLUSDT'];
// Dealt round-robin: worker 1 keeps the 1st and 3rd, worker 2 the 2nd and 4th.
const OF_WORKER_1 = ['BTCUSDT', 'BNBUSDT'];
const OF_WORKER_2 = ['ETHUSDT', 'SOLUSDT'];

describe('lob serve --workers 2 (real worker threads, demo simulator, faults off)', () => {
  it("restarts a worker that crashes; its books resync, saying so, and the other worker's books never leave live", async () => {
    const settings = resolveSettings({ demo: true, market: 'binance-spot', pairs: SYMBOLS, demoFaultEvery: 0, demoSeed: 5, logLevel: 'silent', workers: 2 }, undefined);
    const events: FeedEvent[] = [];
    const updates = new Map<string, number>();
    const started = await startServe(settings, quietIO(os.tmpdir()), {
      observers: {
        onEvent: (event) => events.push(event),
        onUpdate: (view) => updates.set(view.symbol, (updates.get(view.symbol) ?? 0) + 1),
      },
    });
    try {
      const books = started.sources.flatMap((s) => [...s.books()]);
      const allLive = (): boolean => books.every((b) => b.state === 'live');
      await until(allLive, () => `every book live (${books.map((b) => `${b.symbol}: ${b.state}`).join(', ')})`, 60_000);
      await until(() => SYMBOLS.every((s) => (updates.get(s) ?? 0) > 3), () => 'updates of every book on the main thread', 30_000);

      const mark = events.length;
      started.workers!.crash(1, 'a test crashed it');
      const after = (): FeedEvent[] => events.slice(mark);
      const told = (symbol: string): boolean =>
        after().some((e) => e.kind === 'book' && e.symbol === symbol && e.state === 'resyncing' && e.reason === 'worker 1 restarted');
      await until(() => OF_WORKER_1.every(told), () => "worker 1's books told it restarted", 30_000);
      const liveAgain = (symbol: string): boolean => {
        const list = after().filter((e) => e.kind === 'book' && e.symbol === symbol);
        return list.length > 1 && list.at(-1)?.kind === 'book' && (list.at(-1) as { state: string }).state === 'live';
      };
      await until(() => OF_WORKER_1.every(liveAgain) && allLive(), () => "worker 1's books live again", 60_000);
      const counted = new Map(updates);
      await until(() => OF_WORKER_1.every((s) => (updates.get(s) ?? 0) > (counted.get(s) ?? 0) + 3), () => "updates of worker 1's books after the restart", 30_000);

      // Worker 2 never noticed: not one of its books left live.
      expect(after().filter((e) => e.kind === 'book' && OF_WORKER_2.includes(e.symbol))).toEqual([]);
      const figures = started.workers!.figures();
      expect(figures.map((f) => [f.worker, f.books, f.restarts, f.alive])).toEqual([
        [1, 2, 1, true],
        [2, 2, 0, true],
      ]);
    } finally {
      await started.close('test over');
    }
  }, 120_000);

  it('refuses --record with worker threads before anything starts: recording writes from one thread', async () => {
    const settings = { ...resolveSettings({ demo: true, market: 'binance-spot', pairs: ['BTCUSDT'], logLevel: 'silent', workers: 2 }, undefined), record: os.tmpdir() };
    const refused = startServe(settings, quietIO(os.tmpdir()));
    await expect(refused).rejects.toBeInstanceOf(ConfigError);
    await expect(refused).rejects.toMatchObject({ location: { key: '--workers' } });
  });
});
