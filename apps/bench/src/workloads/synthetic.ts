import type { Level } from '@lob/core';
import { BTree } from '../interop/sorted-btree.js';
import { bookEvent, type BookEvent, type BookLevels } from './book-event.js';
import { Prng } from './prng.js';

/** A generated session: a starting book of `depth` levels per side and events shaped like real traffic. */
export interface SyntheticSession {
  readonly depth: number;
  readonly seed: number;
  readonly start: BookLevels;
  readonly events: readonly BookEvent[];
}

// Shape read off the spot BTCUSDT 2024 recording (298 094 changes): 40% inserts, 39% deletions, 12% updates
// and 9% deletions of absent levels; a median of 22 changes per event (mean 46, so sigma 1.21 in log space);
// distance from the top spread like u^3 over the side's span (median at 1/8 of it, as recorded).
const MIX = { insert: 0.4, remove: 0.39, update: 0.12 }; // the rest: deletions of absent levels
const CHANGES_MEDIAN = 22;
const CHANGES_SIGMA = 1.21;
const MAX_CHANGES = 500;
// One occupied tick in four, so a side of `depth` levels spans 4 × depth ticks.
const SPREAD_FACTOR = 4;
// The mid drifts by 1-4 ticks in a quarter of the events, in a direction that flips now and then; the side
// it moves into loses the levels it crosses. About 0.16 level spacings per event, as recorded.
const DRIFT_CHANCE = 0.25;
const MAX_DRIFT_TICKS = 4;
const TREND_FLIP_CHANCE = 0.01;
const FIRST_BID_TICK = 6_000_000; // 60 000.00 at a 0.01 tick
const ZERO = '0.00000000';

/** A price tick (0.01) as Binance spot writes it: 8 decimals. */
function priceText(tick: number): string {
  const cents = tick % 100;
  return `${(tick - cents) / 100}.${cents < 10 ? '0' : ''}${cents}000000`;
}

/** One side of the generator's own book: occupied ticks in order; `sign` points away from the spread. */
class GenSide {
  readonly tree = new BTree<number, true>();

  constructor(readonly sign: 1 | -1) {}

  best(): number | undefined {
    return this.sign === 1 ? this.tree.minKey() : this.tree.maxKey();
  }

  /** The first occupied tick at or beyond `tick`, away from the spread (the far end if none). */
  occupiedFrom(tick: number): number {
    const pair = this.sign === 1 ? this.tree.nextHigherPair(tick - 1) : this.tree.nextLowerPair(tick + 1);
    return pair !== undefined ? pair[0] : ((this.sign === 1 ? this.tree.maxKey() : this.tree.minKey()) as number);
  }

  /** The first free tick at or beyond `tick`, away from the spread. */
  freeFrom(tick: number): number {
    while (this.tree.has(tick)) tick += this.sign;
    return tick;
  }
}

/**
 * The generator keeps a fair price `mid` (a tick): bids sit at or below it, asks above it. Distances are
 * measured from it, so inserts refill the top as often as deletions empty it and the spread stays tight.
 */
class Generator {
  private readonly rng: Prng;
  private readonly bids = new GenSide(-1);
  private readonly asks = new GenSide(1);
  private readonly span: number;
  private mid = FIRST_BID_TICK;
  private trend: 1 | -1 = 1;

  constructor(
    private readonly depth: number,
    seed: number,
  ) {
    this.rng = new Prng(seed);
    this.span = depth * SPREAD_FACTOR;
  }

  quantity(): string {
    // Log-normal around 0.05 with 5 significant decimals, written with 8 like Binance spot.
    const lots = Math.max(1, Math.round(this.rng.logNormal(5000, 2)));
    return (lots / 1e5).toFixed(8);
  }

  start(): BookLevels {
    const fill = (side: GenSide, from: number): Level[] => {
      const out: Level[] = [];
      for (let tick = from; out.length < this.depth; tick += side.sign) {
        if (out.length === 0 || this.rng.chance(1 / SPREAD_FACTOR)) {
          side.tree.set(tick, true);
          out.push([priceText(tick), this.quantity()]);
        }
      }
      return out;
    };
    return { bids: fill(this.bids, this.mid), asks: fill(this.asks, this.mid + 1) };
  }

  next(): BookEvent {
    const rng = this.rng;
    const bids: Level[] = [];
    const asks: Level[] = [];
    if (rng.chance(TREND_FLIP_CHANCE)) this.trend = this.trend === 1 ? -1 : 1;
    if (rng.chance(DRIFT_CHANCE)) this.drift(1 + Math.floor(rng.next() * MAX_DRIFT_TICKS), bids, asks);
    const n = Math.min(MAX_CHANGES, Math.max(1, Math.round(rng.logNormal(CHANGES_MEDIAN, CHANGES_SIGMA))));
    for (let i = 0; i < n; i++) {
      const onBid = rng.chance(0.5);
      this.change(onBid ? this.bids : this.asks, onBid ? bids : asks);
    }
    return bookEvent(bids, asks);
  }

  /** Moves the mid `ticks` along the trend; the side it moves into loses every level it crosses. */
  private drift(ticks: number, bids: Level[], asks: Level[]): void {
    const [side, out] = this.trend === 1 ? [this.asks, asks] : [this.bids, bids];
    const mid = this.mid + this.trend * ticks;
    // Crossed levels are those on the wrong side of the new mid: asks <= mid, bids > mid.
    const crossed = (tick: number): boolean => (side.sign === 1 ? tick <= mid : tick > mid);
    for (let best = side.best(); best !== undefined && crossed(best); best = side.best()) {
      if (side.tree.size <= 1) return; // never empty a side; the mid stays where the book lets it
      side.tree.delete(best);
      out.push([priceText(best), ZERO]);
    }
    this.mid = mid;
  }

  private change(side: GenSide, out: Level[]): void {
    const rng = this.rng;
    const distance = Math.floor(this.span * rng.next() ** 3);
    const tick = side.sign === 1 ? this.mid + 1 + distance : this.mid - distance;
    let roll = rng.next();
    // Keep each side near its depth: a side that grew too deep loses levels, one too thin gains them.
    if (side.tree.size > this.depth * 1.05 && roll < MIX.insert) roll = MIX.insert;
    if (side.tree.size < this.depth * 0.95 && roll >= MIX.insert && roll < MIX.insert + MIX.remove) roll = 0;
    if (roll < MIX.insert) {
      const free = side.freeFrom(tick);
      side.tree.set(free, true);
      out.push([priceText(free), this.quantity()]);
    } else if (roll < MIX.insert + MIX.remove && side.tree.size > 1) {
      const occupied = side.occupiedFrom(tick);
      side.tree.delete(occupied);
      out.push([priceText(occupied), ZERO]);
    } else if (roll < MIX.insert + MIX.remove + MIX.update) {
      out.push([priceText(side.occupiedFrom(tick)), this.quantity()]);
    } else {
      out.push([priceText(side.freeFrom(tick)), ZERO]);
    }
  }
}

/** Generates `events` events on a book of `depth` levels per side; the same seed gives the same session. */
export function generateSynthetic(depth: number, events: number, seed: number): SyntheticSession {
  const generator = new Generator(depth, seed);
  const start = generator.start();
  const out: BookEvent[] = new Array(events);
  for (let i = 0; i < events; i++) out[i] = generator.next();
  return { depth, seed, start, events: out };
}
