import type { EventChanges, Level, SideBook, Side, SymbolBook } from '../market/true-book.js';

/** One level Kraken sends for an event at a subscribed depth. */
export interface WindowChange {
  readonly tick: number;
  /** 0n: the level is gone. */
  readonly qty: bigint;
  /** True for a level the event did not touch that entered the window because one above it left (v1 flag "r"). */
  readonly republish: boolean;
}

/** What an event changes in a window: asks ascending, bids descending. */
export interface WindowDiff {
  readonly asks: WindowChange[];
  readonly bids: WindowChange[];
}

/**
 * The top `depth` levels a side of a symbol's true book, as a subscriber at that depth holds them. Kraken keeps no
 * window for the client: it sends the levels an event changes inside the window, a deletion for a level that left
 * by being removed, and republishes a level that entered from below; a level pushed out by a better one is not
 * deleted (the client trims to its depth).
 */
export class DepthWindow {
  private bids = new Map<number, bigint>();
  private asks = new Map<number, bigint>();

  constructor(
    readonly depth: number,
    book: SymbolBook,
  ) {
    this.bids = new Map(book.bids.top(depth));
    this.asks = new Map(book.asks.top(depth));
  }

  /** Moves the window past an event already applied to `book`; returns what a subscriber must be sent. */
  advance(book: SymbolBook, event: EventChanges): WindowDiff {
    const asks = this.advanceSide(book.asks, 'ask', event.asks);
    const bids = this.advanceSide(book.bids, 'bid', event.bids);
    return { asks, bids };
  }

  private advanceSide(side: SideBook, name: Side, touched: readonly Level[]): WindowChange[] {
    const before = name === 'bid' ? this.bids : this.asks;
    const after = new Map(side.top(this.depth));
    const touchedTicks = new Set(touched.map(([tick]) => tick));
    const changes: WindowChange[] = [];
    for (const [tick, qty] of after) {
      if (touchedTicks.has(tick)) changes.push({ tick, qty, republish: false });
      else if (!before.has(tick)) changes.push({ tick, qty, republish: true });
    }
    for (const tick of before.keys()) {
      if (!after.has(tick) && side.get(tick) === 0n) changes.push({ tick, qty: 0n, republish: false });
    }
    changes.sort(name === 'bid' ? (a, b) => b.tick - a.tick : (a, b) => a.tick - b.tick);
    if (name === 'bid') this.bids = after;
    else this.asks = after;
    return changes;
  }
}
