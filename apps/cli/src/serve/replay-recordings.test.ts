import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Level } from '@lob/core';
import { readTimelineFile } from '@lob/recording';
import { quietIO } from './book-timeline.test-support.js';
import { startReplay } from './run-replay.js';

const RECORDINGS = fileURLToPath(new URL('../../../../packages/exchange-sim/recordings/', import.meta.url));

/**
 * The recording as lob would have made it: these sessions also captured the bookTicker stream, which lob never
 * subscribes to (Binance spot's has no event type, so its decoder rightly calls it malformed).
 */
async function depthOnly(session: string): Promise<string> {
  const lines = await readTimelineFile(`${RECORDINGS}${session}.timeline.txt.gz`);
  const kept = lines.filter((l) => !l.raw.includes('@bookTicker')).map((l) => `${l.receivedNs} ${l.raw}\n`);
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'lob-replay-')), `${session}.timeline.txt.gz`);
  writeFileSync(file, gzipSync(kept.join('')));
  return file;
}

describe('lob replay of the real Binance recordings shipped with the project', () => {
  it.each([
    ['binance-spot_XMRBTC_cf2021-08-14', 'XMRBTC'],
    ['binance-spot_BTCUSDT_2024-08-08', 'BTCUSDT'],
    ['binance-usdm_BTCUSDT_2024-08-08', 'BTCUSDT'],
  ])('%s ends on the book Binance had', async (session, symbol) => {
    const final = JSON.parse(readFileSync(`${RECORDINGS}${session}.final_book.json`, 'utf8')) as { lastUpdateId: number; bids: Level[]; asks: Level[] };
    const replay = await startReplay({ files: [await depthOnly(session)], speed: 'max', logLevel: 'silent' }, quietIO(RECORDINGS));
    try {
      const [summary] = await replay.replayed!;
      expect(summary).toMatchObject({ skipped: 0, stopped: false });
      const view = replay.running[0]!.feed.book(symbol)!;
      expect(view.state).toBe('live');
      expect(view.lastUpdateId).toBe(final.lastUpdateId);
      expect([...view.book.levels('bid')]).toEqual(final.bids);
      expect([...view.book.levels('ask')]).toEqual(final.asks);
    } finally {
      await replay.close('test over');
    }
  }, 60_000);
});
