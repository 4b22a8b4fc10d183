import { addDecimals } from './decimal.js';
import type { ExactDepth, Level } from './types.js';

/** One ladder row: the exchange's price and quantity, the exact running total from the best level, and whether lob guarantees it. */
export interface LadderLevel {
  readonly price: string;
  readonly qty: string;
  /** Sum of the quantities from the best level to this one, exact; undefined if a quantity is not a plain decimal. */
  readonly total: string | undefined;
  /** Within the side's exactDepth: the exchange's level, no holes above it. */
  readonly exact: boolean;
}

/** A side's levels (best first) with exact running totals, each marked exact while within `exactLevels`. */
export function ladderSide(levels: readonly Level[], exactLevels: number): LadderLevel[] {
  const out: LadderLevel[] = [];
  let total: string | undefined = '0';
  for (const [i, [price, qty]] of levels.entries()) {
    total = total === undefined ? undefined : addDecimals(total, qty);
    out.push({ price, qty, total, exact: i < exactLevels });
  }
  return out;
}

/** What the depth chart draws: one ascending price axis, the bid and ask cumulative series on it, and the marks. */
export interface DepthChartData {
  /** Prices, ascending: the bids from the deepest up, then the asks from the best out. */
  readonly x: number[];
  /** Cumulative bid quantity at each bid price (null at the asks' prices). */
  readonly bids: (number | null)[];
  /** Cumulative ask quantity at each ask price (null at the bids' prices). */
  readonly asks: (number | null)[];
  /** Prices between which every level shown is exact; null when no level is (the book is not in sync). */
  readonly exactLow: number | null;
  readonly exactHigh: number | null;
  /** Halfway between the best bid and the best ask; null when a side is empty. */
  readonly mid: number | null;
  /**
   * The price range to show: as far on each side of the mid as the shorter side reaches, so bids and asks are drawn
   * at one scale around it (the longer side's deepest levels are left out); the data's range when a side is empty.
   */
  readonly xMin: number | null;
  readonly xMax: number | null;
}

/**
 * Chart coordinates of a book's cumulative depth. Floats only here, for pixels: the totals come from the exact
 * strings, and the ladder shows those. The exact region runs from the deepest exact bid to the deepest exact ask
 * shown (or to the best level of the other side when one side has no exact level).
 */
export function depthChartData(bids: readonly LadderLevel[], asks: readonly LadderLevel[], exactDepth: ExactDepth): DepthChartData {
  const bidPoints = bids.map((l) => [Number(l.price), Number(l.total ?? NaN)] as const).reverse();
  const askPoints = asks.map((l) => [Number(l.price), Number(l.total ?? NaN)] as const);
  const x = [...bidPoints.map(([p]) => p), ...askPoints.map(([p]) => p)];
  const bidSeries = [...bidPoints.map(([, q]) => (Number.isFinite(q) ? q : null)), ...askPoints.map(() => null)];
  const askSeries = [...bidPoints.map(() => null), ...askPoints.map(([, q]) => (Number.isFinite(q) ? q : null))];
  const bestBid = bids[0] === undefined ? undefined : Number(bids[0].price);
  const bestAsk = asks[0] === undefined ? undefined : Number(asks[0].price);
  const mid = bestBid !== undefined && bestAsk !== undefined ? (bestBid + bestAsk) / 2 : null;
  const deepestExactBid = bids[Math.min(exactDepth.bids, bids.length) - 1];
  const deepestExactAsk = asks[Math.min(exactDepth.asks, asks.length) - 1];
  let exactLow: number | null = deepestExactBid === undefined ? null : Number(deepestExactBid.price);
  let exactHigh: number | null = deepestExactAsk === undefined ? null : Number(deepestExactAsk.price);
  if (exactLow === null && exactHigh !== null) exactLow = bestAsk ?? null;
  if (exactHigh === null && exactLow !== null) exactHigh = bestBid ?? null;
  let xMin: number | null = x.length === 0 ? null : x[0]!;
  let xMax: number | null = x.length === 0 ? null : x[x.length - 1]!;
  if (mid !== null && xMin !== null && xMax !== null) {
    const half = Math.min(mid - xMin, xMax - mid);
    xMin = mid - half;
    xMax = mid + half;
  }
  return { x, bids: bidSeries, asks: askSeries, exactLow, exactHigh, mid, xMin, xMax };
}
