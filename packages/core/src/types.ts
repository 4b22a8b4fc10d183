/** Which side of the book. */
export type Side = 'bid' | 'ask';

/** One price level exactly as the exchange wrote it: `[price, quantity]` decimal strings. */
export type Level = readonly [price: string, quantity: string];

/** A full book as fetched from the exchange's REST snapshot. */
export interface BookSnapshot {
  readonly lastUpdateId: number;
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
}
