import { Prng } from './prng.js';
import type { SymbolSpec } from './symbol-spec.js';
import { SymbolBook, type Level, type Side } from './true-book.js';

/** One generated diff event, in ticks and units; the wire format is applied later. */
export interface DepthEvent {
  /** First update id in the event. */
  U: number;
  /** Final update id in the event. */
  u: number;
  /** Final update id of the previous event (futures `pu`). */
  pu: number;
  bids: Level[];
  asks: Level[];
}

/** Binance's quantity cap (int64 max in 10^-8 units): more significant digits than a double holds. */
export const CAP_QUANTITY = 9223372036854775807n;

// Shape of the traffic, read off the real recordings: events carry a handful to tens of changes, mostly
// near the top, many of them deletions (also of levels that were never there), sometimes a burst.
const BURST_CHANCE = 0.03;
const MEAN_CHANGES_P = 0.06; // geometric parameter: about 16 draws per ordinary event
const DRIFT_CHANCE = 0.25;
const FAR_CHANGE_CHANCE = 0.08;
const NEAR_DISTANCE_P = 0.12; // geometric distance from the best, mean about 7 ticks
const INSIDE_SPREAD_CHANCE = 0.3;
const CAP_CHANCE = 0.001;

/**
 * Generates a symbol's traffic and keeps its true book. Everything is drawn from one seeded PRNG, so a seed
 * gives the same book and the same events (only the wall-clock E/T fields differ between runs).
 */
export class TrafficGenerator {
  readonly book: SymbolBook;
  private readonly rng: Prng;
  private readonly maxLotsLog: number;
  private trend = 1;

  constructor(
    readonly spec: SymbolSpec,
    private readonly futures: boolean,
    seed: number,
    /** A window the venue maintains itself (OKX: 400): deeper levels are removed within the event that pushes them out. */
    private readonly maxLevelsPerSide?: number,
  ) {
    this.rng = new Prng(seed);
    // Quantities are log-uniform from one lot to 100 units of the base.
    this.maxLotsLog = Math.log(10 ** spec.lotDecimals * 100);
    const firstId = futures
      ? 5_000_000_000_000 + this.rng.int(0, 999_999_999) * 100
      : 40_000_000_000 + this.rng.int(0, 999_999_999) * 10;
    this.book = new SymbolBook(firstId);
    this.populate();
  }

  /** Generates the next event and applies it to the true book. */
  next(): DepthEvent {
    const { book, rng } = this;
    const pu = book.lastUpdateId;
    book.beginEvent();
    if (rng.chance(DRIFT_CHANCE)) this.drift();
    if (rng.chance(INSIDE_SPREAD_CHANCE)) this.insideSpread();
    const changes = rng.chance(BURST_CHANCE) ? rng.int(80, 300) : 1 + Math.min(80, rng.geometric(MEAN_CHANGES_P));
    for (let i = 0; i < changes; i++) this.change();
    // Binance never sends an empty diff: if every draw fell outside the grid, refresh the best bid.
    const bestBid = book.bids.best();
    if (book.touched() === 0 && bestBid !== undefined) book.set('bid', bestBid, this.quantity());
    this.keepDepth('bid');
    this.keepDepth('ask');
    this.trim('bid');
    this.trim('ask');
    // Binance ids count every internal update, so they jump by more than the number of levels sent;
    // on futures the ids are shared across symbols, so U also jumps past pu + 1.
    const touched = book.touched();
    const U = pu + 1 + (this.futures ? rng.int(0, 40) : 0);
    const u = U + touched + rng.int(1, 3 * touched);
    const { bids, asks } = book.endEvent(u);
    return { U, u, pu, bids, asks };
  }

  /** Removes the levels beyond the venue's window, as part of the open event (so they go out as deletions). */
  private trim(sideName: Side): void {
    const max = this.maxLevelsPerSide;
    if (max === undefined) return;
    const side = this.book.sideOf(sideName);
    while (side.size > max) this.book.set(sideName, side.worst() as number, 0n);
  }

  /** Fills the initial book: dense near the top, sparser deeper down. */
  private populate(): void {
    const { book, rng, spec } = this;
    const levels = Math.min(spec.levelsPerSide, this.maxLevelsPerSide ?? Number.POSITIVE_INFINITY);
    let tick = spec.midTick;
    for (let i = 0; i < levels && tick >= 1; i++) {
      book.seed('bid', tick, this.quantity());
      tick -= 1 + Math.floor(rng.geometric(0.6) * (1 + i / 250));
    }
    tick = spec.midTick + 1;
    for (let i = 0; i < levels; i++) {
      book.seed('ask', tick, this.quantity());
      tick += 1 + Math.floor(rng.geometric(0.6) * (1 + i / 250));
    }
  }

  /** A random quantity in units: log-uniform lots, rarely Binance's cap value. */
  private quantity(): bigint {
    const { rng, spec } = this;
    if (rng.chance(CAP_CHANCE)) return CAP_QUANTITY;
    const lots = Math.max(1, Math.floor(Math.exp(rng.next() * this.maxLotsLog)));
    return BigInt(lots) * spec.lotUnits;
  }

  /**
   * Moves the mid: an aggressive order takes the other side up to a new price and rests there. Every level it
   * crosses is removed (and sent as a removal), so the book is never crossed.
   */
  private drift(): void {
    const { book, rng } = this;
    if (rng.chance(0.1)) this.trend = -this.trend;
    const up = rng.chance(this.trend > 0 ? 0.55 : 0.45);
    const k = rng.int(1, 3);
    if (up) {
      const ask = book.asks.best();
      if (ask === undefined) return;
      const price = ask + k - 1;
      while (book.asks.best() !== undefined && (book.asks.best() as number) <= price) {
        book.set('ask', book.asks.best() as number, 0n);
      }
      book.set('bid', price, this.quantity());
    } else {
      const bid = book.bids.best();
      if (bid === undefined) return;
      const price = bid - k + 1;
      if (price < 1) return;
      while (book.bids.best() !== undefined && (book.bids.best() as number) >= price) {
        book.set('bid', book.bids.best() as number, 0n);
      }
      book.set('ask', price, this.quantity());
    }
  }

  /** A new best level inside the spread, so deletions at the top do not widen it for ever. */
  private insideSpread(): void {
    const { book, rng } = this;
    const bid = book.bids.best();
    const ask = book.asks.best();
    if (bid === undefined || ask === undefined || ask - bid < 2) return;
    if (rng.chance(0.5)) book.set('bid', rng.int(bid + 1, ask - 1), this.quantity());
    else book.set('ask', rng.int(bid + 1, ask - 1), this.quantity());
  }

  /** One level change, mostly near the top (geometric distance), sometimes anywhere in the book. */
  private change(): void {
    const { book, rng } = this;
    const sideName: Side = rng.chance(0.5) ? 'bid' : 'ask';
    const side = book.sideOf(sideName);
    const best = side.best();
    if (best === undefined) return;
    let tick: number;
    if (rng.chance(FAR_CHANGE_CHANCE)) {
      tick = side.at(rng.int(0, side.size - 1)) as number;
    } else {
      const distance = rng.geometric(NEAR_DISTANCE_P);
      tick = sideName === 'bid' ? best - distance : best + distance;
    }
    if (tick < 1) return;
    if (side.get(tick) > 0n) {
      book.set(sideName, tick, rng.chance(0.45) ? 0n : this.quantity());
    } else {
      // An absent level either appears, or is "removed" though it was never there: Binance sends that too
      // (a level that came and went within the event's interval).
      book.set(sideName, tick, rng.chance(0.55) ? this.quantity() : 0n);
    }
  }

  /** Keeps each side near its initial depth by adding or removing a level at the deep end. */
  private keepDepth(sideName: Side): void {
    const { book, rng, spec } = this;
    const side = book.sideOf(sideName);
    const worst = side.worst();
    if (worst === undefined) return;
    if (side.size < spec.levelsPerSide) {
      const gap = 1 + rng.geometric(0.3);
      const tick = sideName === 'bid' ? worst - gap : worst + gap;
      if (tick >= 1) book.set(sideName, tick, this.quantity());
    } else if (side.size > spec.levelsPerSide * 1.1 + 10) {
      book.set(sideName, worst, 0n);
    }
  }
}
