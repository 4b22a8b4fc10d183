import { readFileSync } from 'node:fs';
import { BinanceSim, listRecordings } from '@lob/exchange-sim';
import { MarketFeed, normalizeDecimal, type Level } from '@lob/core';
import { describe, expect, it } from '@jest/globals';
import { createBinanceConnector } from './index.js';
import { BOOKS } from './sim-feed.test-support.js';

interface Checkpoint {
  u: number;
  b: string;
  B: string;
  a: string;
  A: string;
}

const recordings = listRecordings();
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const same = (level: Level | undefined) => (level === undefined ? undefined : [normalizeDecimal(level[0]), normalizeDecimal(level[1])]);

describe('real Binance traffic replayed through the real connector', () => {
  it('ships every recorded session with the project', () => {
    expect(recordings.map((r) => r.market).sort()).toEqual(['coinm', 'coinm', 'coinm', 'spot', 'spot', 'spot', 'spot', 'spot', 'usdm']);
  });

  describe.each(BOOKS)('with the %s book', (_name, createBook) => {
    it.each(recordings.map((r) => [r.session, r] as const))('%s matches Binance at every checkpoint and at the end', async (_session, recording) => {
      const checkpoints = new Map<number, Checkpoint>();
      for (const line of readFileSync(recording.checkpoints, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        const c = JSON.parse(line) as Checkpoint;
        checkpoints.set(c.u, c);
      }
      const final = JSON.parse(readFileSync(recording.finalBook, 'utf8')) as { lastUpdateId: number; bids: Level[]; asks: Level[] };

      const sim = await BinanceSim.start({ market: recording.market, replay: { timeline: recording.timeline } });
      const connector = createBinanceConnector({ market: recording.market, restUrl: sim.restUrl, wsUrl: sim.wsUrl });
      const applied = new Set<number>();
      const mismatches: string[] = [];
      const feed = new MarketFeed({
        connector,
        symbols: [recording.symbol],
        createBook,
        onUpdate: (view, update) => {
          applied.add(update.lastId);
          const c = checkpoints.get(update.lastId);
          if (c === undefined) return;
          const bid = same(view.book.best('bid'));
          const ask = same(view.book.best('ask'));
          const want = [[normalizeDecimal(c.b), normalizeDecimal(c.B)], [normalizeDecimal(c.a), normalizeDecimal(c.A)]];
          if (JSON.stringify([bid, ask]) !== JSON.stringify(want)) mismatches.push(`u=${c.u}: got ${JSON.stringify([bid, ask])}, Binance ${JSON.stringify(want)}`);
        },
      });
      try {
        feed.start();
        await sim.replayDone();
        const view = feed.book(recording.symbol)!;
        for (let i = 0; i < 200 && view.lastUpdateId !== final.lastUpdateId; i++) await pause(25);

        expect(mismatches).toEqual([]);
        expect(view.state).toBe('live');
        expect(view.lastUpdateId).toBe(final.lastUpdateId);
        const checked = [...checkpoints.keys()].filter((u) => applied.has(u));
        expect(checked.length).toBeGreaterThan(0);
        // A checkpoint that was not checked belongs to an event the snapshot already contained.
        for (const u of checkpoints.keys()) if (!applied.has(u)) expect(u).toBeLessThan(Math.min(...applied));
        expect(Object.keys(view.stats.resyncs)).toEqual([]);
        expect([...view.book.levels('bid')]).toEqual(final.bids);
        expect([...view.book.levels('ask')]).toEqual(final.asks);
      } finally {
        feed.stop();
        await connector.close();
        await sim.close();
      }
    }, 60_000);
  });
});
