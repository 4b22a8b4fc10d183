import type { EventChanges, Level, Side, SideBook, SymbolBook } from '../market/true-book.js';

/** What an event changes in a window: asks ascending, bids descending; quantity 0n deletes. */
export interface BybitWindowDiff {
  readonly bids: Level[];
  readonly asks: Level[];
}

/**
 * The top `depth` levels a side of a symbol's true book, as Bybit maintains them for an `orderbook.{depth}` topic:
 * per event it sends the levels the event changed inside the window, a deletion for every level that left it
 * (removed, or pushed below the window by a better one) and the levels that entered it from below (a refill), so
 * a client's book never holds more than `depth` levels and equals the window after every message.
 */
export class BybitWindow {
  private bids: Map<number, bigint>;
  private asks: Map<number, bigint>;

  constructor(
    readonly depth: number,
    book: SymbolBook,
  ) {
    this.bids = new Map(book.bids.top(depth));
    this.asks = new Map(book.asks.top(depth));
  }

  /** Moves the window past an event already applied to `book`; returns what a subscriber must be sent. */
  advance(book: SymbolBook, event: EventChanges): BybitWindowDiff {
    return { bids: this.advanceSide(book.bids, 'bid', event.bids), asks: this.advanceSide(book.asks, 'ask', event.asks) };
  }

  private advanceSide(side: SideBook, name: Side, touched: readonly Level[]): Level[] {
    const before = name === 'bid' ? this.bids : this.asks;
    const after = new Map(side.top(this.depth));
    const touchedTicks = new Set(touched.map(([tick]) => tick));
    const changes: Level[] = [];
    for (const [tick, qty] of after) {
      // A touched level is sent even when its size came back to the same value: the exchange saw it change.
      if (touchedTicks.has(tick) || before.get(tick) !== qty) changes.push([tick, qty]);
    }
    for (const tick of before.keys()) if (!after.has(tick)) changes.push([tick, 0n]);
    changes.sort(name === 'bid' ? (a, b) => b[0] - a[0] : (a, b) => a[0] - b[0]);
    if (name === 'bid') this.bids = after;
    else this.asks = after;
    return changes;
  }
}
