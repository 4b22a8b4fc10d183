// The exchange's truth for one symbol: every level, in integer ticks and quantity units, plus a short
// undo log of recent events so an older snapshot can be served (the stale-snapshot fault).

export type Side = 'bid' | 'ask';

/** One price level: integer tick and quantity in units (0n = removed). */
export type Level = readonly [tick: number, qty: bigint];

/** A book at one update id, best level first per side. */
export interface BookState {
  lastUpdateId: number;
  bids: Level[];
  asks: Level[];
}

/** The final level values one event carries, per side. */
export interface EventChanges {
  bids: Level[];
  asks: Level[];
}

/** One side of a book: levels sorted best first, with O(log n) lookup of a tick's position. */
export class SideBook {
  private readonly ticks: number[] = [];
  private readonly qty = new Map<number, bigint>();

  constructor(readonly side: Side) {}

  /** Number of levels. */
  get size(): number {
    return this.ticks.length;
  }

  /** Best tick (highest bid, lowest ask). */
  best(): number | undefined {
    return this.ticks[0];
  }

  /** Farthest tick from the top. */
  worst(): number | undefined {
    return this.ticks[this.ticks.length - 1];
  }

  /** The tick at a rank (0 = best). */
  at(rank: number): number | undefined {
    return this.ticks[rank];
  }

  /** Quantity at a tick, 0n when absent. */
  get(tick: number): bigint {
    return this.qty.get(tick) ?? 0n;
  }

  /** Sets a level; 0n removes it. */
  set(tick: number, qty: bigint): void {
    const had = this.qty.has(tick);
    if (qty === 0n) {
      if (!had) return;
      this.qty.delete(tick);
      this.ticks.splice(this.rankOf(tick), 1);
      return;
    }
    this.qty.set(tick, qty);
    if (!had) this.ticks.splice(this.rankOf(tick), 0, tick);
  }

  /** The best `limit` levels (all when undefined). */
  top(limit?: number): Level[] {
    const end = limit === undefined ? this.ticks.length : Math.min(limit, this.ticks.length);
    const out: Level[] = new Array(end);
    for (let i = 0; i < end; i++) {
      const tick = this.ticks[i] as number;
      out[i] = [tick, this.qty.get(tick) as bigint];
    }
    return out;
  }

  /** An independent copy. */
  clone(): SideBook {
    const copy = new SideBook(this.side);
    copy.ticks.push(...this.ticks);
    for (const [tick, qty] of this.qty) copy.qty.set(tick, qty);
    return copy;
  }

  /** Index of the first level that is not strictly better than `tick` (its insertion point). */
  private rankOf(tick: number): number {
    let lo = 0;
    let hi = this.ticks.length;
    const bid = this.side === 'bid';
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const t = this.ticks[mid] as number;
      if (bid ? t > tick : t < tick) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

interface UndoRecord {
  /** lastUpdateId before the event. */
  readonly before: number;
  /** Value of each touched level before the event. */
  readonly previous: { side: Side; tick: number; qty: bigint }[];
}

/** How many past events can be undone to serve an older snapshot (about 20 s at 100 ms). */
export const HISTORY_EVENTS = 200;

/** The true book of one symbol. Changes happen inside beginEvent()/endEvent() so each event is recorded whole. */
export class SymbolBook {
  readonly bids = new SideBook('bid');
  readonly asks = new SideBook('ask');
  private readonly history: UndoRecord[] = [];
  // Keyed by tick for bids and -tick-1 for asks: one entry per touched level.
  private open: Map<number, { side: Side; tick: number; qty: bigint }> | undefined;

  constructor(public lastUpdateId: number) {}

  /** The side book for a side. */
  sideOf(side: Side): SideBook {
    return side === 'bid' ? this.bids : this.asks;
  }

  /** Sets a level outside any event (initial population only). */
  seed(side: Side, tick: number, qty: bigint): void {
    this.sideOf(side).set(tick, qty);
  }

  /** Starts recording an event. */
  beginEvent(): void {
    if (this.open) throw new Error('event already open');
    this.open = new Map();
  }

  /** Sets a level inside the open event; setting 0n on an absent level is a (sent) no-op, as on Binance. */
  set(side: Side, tick: number, qty: bigint): void {
    if (!this.open) throw new Error('no open event');
    const key = side === 'bid' ? tick : -tick - 1;
    const book = this.sideOf(side);
    if (!this.open.has(key)) this.open.set(key, { side, tick, qty: book.get(tick) });
    book.set(tick, qty);
  }

  /** Number of levels touched so far by the open event. */
  touched(): number {
    return this.open?.size ?? 0;
  }

  /** Closes the event at `lastUpdateId` and returns the final value of every touched level. */
  endEvent(lastUpdateId: number): EventChanges {
    const open = this.open;
    if (!open) throw new Error('no open event');
    this.open = undefined;
    this.history.push({ before: this.lastUpdateId, previous: [...open.values()] });
    if (this.history.length > HISTORY_EVENTS) this.history.shift();
    this.lastUpdateId = lastUpdateId;
    const bids: Level[] = [];
    const asks: Level[] = [];
    for (const { side, tick } of open.values()) {
      (side === 'bid' ? bids : asks).push([tick, this.sideOf(side).get(tick)]);
    }
    return { bids, asks };
  }

  /** Number of past events that can be undone. */
  historyLength(): number {
    return this.history.length;
  }

  /** The book as it was `eventsBack` events ago (0 = now), top `limit` levels per side. */
  snapshot(limit?: number, eventsBack = 0): BookState {
    if (eventsBack <= 0) {
      return { lastUpdateId: this.lastUpdateId, bids: this.bids.top(limit), asks: this.asks.top(limit) };
    }
    const back = Math.min(eventsBack, this.history.length);
    const bids = this.bids.clone();
    const asks = this.asks.clone();
    let lastUpdateId = this.lastUpdateId;
    for (let i = this.history.length - 1; i >= this.history.length - back; i--) {
      const record = this.history[i] as UndoRecord;
      for (const p of record.previous) (p.side === 'bid' ? bids : asks).set(p.tick, p.qty);
      lastUpdateId = record.before;
    }
    return { lastUpdateId, bids: bids.top(limit), asks: asks.top(limit) };
  }

  /** True when the best bid is at or above the best ask (must never happen). */
  isCrossed(): boolean {
    const bid = this.bids.best();
    const ask = this.asks.best();
    return bid !== undefined && ask !== undefined && bid >= ask;
  }
}
