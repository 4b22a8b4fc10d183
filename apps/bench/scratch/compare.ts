import { SortedOrderBook, type OrderBook } from '@lob/core';
import { createBTreeBook } from '@lob/book-btree';
import { createNaiveBTreeBook } from '../src/baselines/naive-btree-book.js';
import { ChunkedLevelIndex } from './chunked-index.js';
import { NullLevelIndex } from './null-index.js';
import { Chunked2LevelIndex } from './chunked2-index.js';
import { workloadCatalog } from '../src/workloads/catalog.js';
import { replayStepper } from '../src/measure/hot-loops.js';
const [which = 'btree', wname = 'spot-BTCUSDT-2024', best = '1'] = process.argv.slice(2);
const make: Record<string, () => OrderBook> = {
  btree: createBTreeBook,
  naive: createNaiveBTreeBook,
  chunked: () => new SortedOrderBook(() => new ChunkedLevelIndex()),
  null: () => new SortedOrderBook(() => new NullLevelIndex()),
  chunked2: () => new SortedOrderBook(() => new Chunked2LevelIndex()),
};
const spec = workloadCatalog().find((w) => w.name === wname)!;
const w = await spec.load();
const book = make[which]!();
book.reset(w.cycle.start.bids, w.cycle.start.asks);
const s = replayStepper(book, w.cycle.events, best === '1');
const cycles = Math.max(1, Math.round(2e6 / w.cycle.changes));
for (let i = 0; i < s.cycleLength; i++) s.step();
(globalThis as any).gc?.();
s.takeChanges();
let bestNs = Infinity;
for (let r = 0; r < 5; r++) {
  const t = performance.now();
  for (let k = 0; k < cycles; k++) for (let i = 0; i < s.cycleLength; i++) s.step();
  const ms = performance.now() - t;
  bestNs = Math.min(bestNs, (ms * 1e6) / s.takeChanges());
}
console.log(`${which.padEnd(8)} ${wname.padEnd(18)} best=${best} ${bestNs.toFixed(0)} ns/change (best of 5)`);
