import { decimalKey, isZeroQuantity } from '@lob/core';
import { workloadCatalog } from '../src/workloads/catalog.js';
const w = await workloadCatalog().find((x) => x.name === (process.argv[2] ?? 'spot-BTCUSDT-2024'))!.load();
const ev = w.cycle.events;
let sink = 0;
function pass(mode: number): number {
  const t = performance.now();
  for (const e of ev) for (const side of [e.bids, e.asks]) for (let i = 0; i < side.length; i++) {
    const l = side[i]!;
    if (mode === 0) sink += l[0].length + l[1].length;
    else if (mode === 1) sink += decimalKey(l[0]) + (isZeroQuantity(l[1]) ? 1 : 0);
    else sink += l[0].charCodeAt(3) + l[1].charCodeAt(2);
  }
  return ((performance.now() - t) * 1e6) / w.cycle.changes;
}
for (let r = 0; r < 3; r++) console.log('length', pass(0).toFixed(0), 'chars', pass(2).toFixed(0), 'parse', pass(1).toFixed(0), 'ns/change');
console.log(sink > 0);
