import { describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readPreparationLine, readTimelineFile } from '@lob/recording';
import { resolveSettings } from '../config/settings.js';
import type { VenueName } from '../venues/venue.js';
import { BookTimelines, quietIO, until } from './book-timeline.test-support.js';
import { startReplay } from './run-replay.js';
import { startServe } from './run-serve.js';

/**
 * Records a `--demo` session of one venue (random faults every few ticks, so books resync), replays the files at
 * speed max through `lob replay`'s own path, and compares every book at every update id.
 */
async function recordThenReplay(market: VenueName, symbols: readonly string[]): Promise<{ live: BookTimelines; replayed: BookTimelines; files: string[] }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lob-record-'));
  const io = quietIO(dir);
  const settings = { ...resolveSettings({ demo: true, market, pairs: [...symbols], demoFaultEvery: 15, demoSeed: 11, logLevel: 'silent' }, undefined), record: dir };
  const live = new BookTimelines();
  const session = await startServe(settings, io, { observers: live.observers });
  try {
    const keys = symbols.map((s) => `${market}/${s}`);
    const resyncs = (): number => keys.reduce((n, k) => n + (live.resyncs.get(k) ?? 0), 0);
    const ready = (): boolean => keys.every((k) => live.count(k) >= 60) && resyncs() >= 2;
    await until(ready, () => `${market}: 60 updates of every book and 2 resyncs (${keys.map((k) => `${k}: ${live.count(k)} updates, ${live.resyncs.get(k) ?? 0} resyncs`).join('; ')})`, 60_000);
  } finally {
    await session.close('test over');
  }
  const files = (await readdir(dir)).filter((f) => f.endsWith('.timeline.txt.gz')).map((f) => path.join(dir, f));
  const replayed = new BookTimelines();
  const replay = await startReplay({ files, speed: 'max', logLevel: 'silent' }, io, replayed.observers);
  try {
    const [summary] = await replay.replayed!;
    expect(summary).toMatchObject({ skipped: 0, stopped: false });
  } finally {
    await replay.close('replay finished');
  }
  return { live, replayed, files };
}

/** The live book's every applied update id and state, and the replay's, side by side. */
function expectSameBooks(live: BookTimelines, replayed: BookTimelines): void {
  expect([...replayed.books.keys()].sort()).toEqual([...live.books.keys()].sort());
  for (const [key, applied] of live.books) {
    const again = replayed.books.get(key)!;
    // Frames that arrived while the live feed was stopping were recorded but never applied live: the replay may
    // apply a few more at the end, never fewer, never others.
    expect(again.length).toBeGreaterThanOrEqual(applied.length);
    expect(again.slice(0, applied.length)).toEqual(applied);
  }
}

describe('record then replay', () => {
  it('rebuilds Binance spot books (REST snapshots, resyncs) identical at every update id', async () => {
    const { live, replayed, files } = await recordThenReplay('binance-spot', ['BTCUSDT', 'ETHUSDT']);
    expect(files.map((f) => path.basename(f).split('_').slice(0, 2).join('_')).sort()).toEqual(['binance-spot_BTCUSDT', 'binance-spot_ETHUSDT']);
    expectSameBooks(live, replayed);
  }, 180_000);

  it('rebuilds OKX books (snapshots in the stream, resubscriptions) identical at every update id', async () => {
    const { live, replayed } = await recordThenReplay('okx', ['BTC-USDT', 'ETH-USDT']);
    expectSameBooks(live, replayed);
  }, 180_000);

  it('rebuilds Bybit linear books (snapshots in the stream, u chain) identical at every update id', async () => {
    const { live, replayed } = await recordThenReplay('bybit-linear', ['BTCUSDT', 'ETHUSDT']);
    expectSameBooks(live, replayed);
  }, 180_000);

  it('rebuilds Kraken v2 books (checksums at AssetPairs precisions, kept in the recording) identical at every update', async () => {
    const { live, replayed, files } = await recordThenReplay('kraken', ['BTC/USD', 'ETH/USD']);
    // Each file carries its pair's precisions, so the offline replay checks checksums without AssetPairs.
    for (const file of files) expect((await readTimelineFile(file)).filter((l) => readPreparationLine(l.raw) !== undefined)).toHaveLength(1);
    expectSameBooks(live, replayed);
  }, 180_000);
});
