// The few shapes of lob's API the page reads, declared here: the page is browser code and must not import the CLI's
// Node modules (apps/cli/src/http/stream-messages.ts and status-route.ts are the source of truth).

/** `[price, quantity]`, the exchange's exact strings. */
export type Level = readonly [string, string];

/** Top levels per side guaranteed to be the exchange's. */
export interface ExactDepth {
  readonly bids: number;
  readonly asks: number;
}

/** A `/stream` message in `depth` mode: a book's top levels, coalesced. Times in ms since the epoch, null or 0 when unknown. */
export interface DepthMessage {
  readonly type: 'depth';
  readonly market: string;
  readonly symbol: string;
  readonly state: string;
  readonly lastUpdateId?: number;
  readonly checksum?: number;
  readonly eventTime?: number | null;
  readonly receivedAt?: number | null;
  readonly appliedAt?: number | null;
  readonly depth: number;
  readonly exactDepth: ExactDepth;
  readonly bids: Level[];
  readonly asks: Level[];
  readonly time: number;
}

/** One book of `GET /status`. */
export interface BookStatus {
  readonly market: string;
  readonly symbol: string;
  readonly state: string;
  readonly reason: string;
  readonly lastUpdateId?: number;
  readonly checksum?: number;
  readonly exactDepth: ExactDepth;
  readonly resyncs: number;
  readonly updatesApplied: number;
}

/** The body of `GET /status`. */
export interface StatusAnswer {
  readonly time: number;
  readonly books: BookStatus[];
}

/** How the page and `/stream` name a book: `venue:symbol`. */
export function bookKey(book: { readonly market: string; readonly symbol: string }): string {
  return `${book.market}:${book.symbol}`;
}
