import { compareDecimals, isZeroDecimal } from '../market/decimal.js';
import type { Timeline } from './timeline.js';
import type { TrueBook } from './types.js';

type Side = Map<string, [string, string]>;

const keys = new Map<string, string>();

/** A decimal's value as a map key, whatever its trailing zeros ("61800.20" and "61800.2" are one level). */
function key(price: string): string {
  let k = keys.get(price);
  if (k === undefined) {
    const [whole = '', frac = ''] = price.split('.');
    const w = whole.replace(/^0+(?=\d)/, '');
    const f = frac.replace(/0+$/, '');
    k = f.length > 0 ? `${w}.${f}` : w;
    // Prices repeat all the time in a session; the cache is bounded so a long-lived process does not grow.
    if (keys.size > 100_000) keys.clear();
    keys.set(price, k);
  }
  return k;
}

function apply(side: Side, levels: unknown): void {
  if (!Array.isArray(levels)) return;
  for (const level of levels as [string, string][]) {
    const [price, qty] = level;
    if (isZeroDecimal(qty)) side.delete(key(price));
    else side.set(key(price), [price, qty]);
  }
}

/**
 * The book a correct client holds once a recording was fully served: the recorded snapshot plus every diff
 * after it, by Binance's rule (spot drops u <= lastUpdateId, futures u < lastUpdateId). Levels are never trimmed.
 */
export function replayFinalBook(timeline: Timeline, futures: boolean): TrueBook {
  const snapshot = JSON.parse(timeline.snapshotBody) as { lastUpdateId: number; bids: unknown; asks: unknown };
  const bids: Side = new Map();
  const asks: Side = new Map();
  apply(bids, snapshot.bids);
  apply(asks, snapshot.asks);
  let lastUpdateId = snapshot.lastUpdateId;
  for (const data of timeline.datas) {
    const event = JSON.parse(data) as { u: number; b: unknown; a: unknown };
    if (futures ? event.u < snapshot.lastUpdateId : event.u <= snapshot.lastUpdateId) continue;
    apply(bids, event.b);
    apply(asks, event.a);
    lastUpdateId = event.u;
  }
  return {
    lastUpdateId,
    bids: [...bids.values()].sort((a, b) => compareDecimals(b[0], a[0])),
    asks: [...asks.values()].sort((a, b) => compareDecimals(a[0], b[0])),
  };
}
