import type { BookSnapshot } from '../types.js';
import type { StreamMessage } from './depth-update.js';
import type { ConnectionPacerOptions } from './connection-pacer.js';
import type { SequencingRules } from './sequencing-rules.js';

/** What an answer of the exchange said about our request budget. */
export interface WeightReport {
  /** Weight used in the current window as reported by the exchange (Binance `X-MBX-USED-WEIGHT-1M`). */
  readonly usedWeight?: number;
  /**
   * The exchange's clock when it answered, ms since the epoch (Binance: the `Date` header, so truncated to the
   * second). Give it only where the exchange counts weight in fixed windows of its own clock, aligned on multiples
   * of the budget's windowMs (Binance: each server minute): the limiter then knows when a reported figure resets.
   */
  readonly serverTime?: number;
}

/** A snapshot plus what the exchange said about our request budget when it answered. */
export interface SnapshotResponse extends WeightReport {
  readonly snapshot: BookSnapshot;
  /** The answer's body exactly as received, where the connector keeps it (a recorder writes it to the timeline). */
  readonly body?: string;
}

/** The symbols an exchange market trades, plus what the exchange said about our request budget when it answered. */
export interface SymbolList extends WeightReport {
  /** Symbols in the exchange's spelling (as `normalizeSymbol` returns them) that can be traded now. */
  readonly symbols: readonly string[];
}

/** Receives what one stream connection produces. Frames are raw text; core decodes them via the connector. */
export interface StreamListener {
  /** The connection is open and subscribed: events may flow. */
  onOpen(): void;
  /** One text frame, exactly as received. */
  onFrame(frame: string): void;
  /**
   * One message the connector decoded itself (e.g. a large snapshot parsed off the main thread), handled exactly as
   * the frame it came from would be. Frames and messages are handled in the order these calls are made, so a
   * connector that decodes a frame asynchronously must hold back every later frame of the connection until it has
   * delivered that one (updates must not overtake their snapshot). `frame`: the text it was decoded from, given
   * when the listener asked for it (`wantsFrameText`).
   */
  onMessage?(message: StreamMessage, frame?: string): void;
  /**
   * Set by a listener that needs the raw text of every message (a recorder): a connector that decodes frames off
   * the main thread then keeps each frame's text and passes it as onMessage's `frame`.
   */
  readonly wantsFrameText?: boolean;
  /** Something that is not a data frame proved the connection alive (a server ping, a pong to our ping). */
  onAlive?(): void;
  /** The connection is gone (closed by either side, or failed to open); called once. */
  onClose(reason: string, error?: Error): void;
}

/** A venue's limit on opening connections (see ConnectionPacer). */
export type ConnectionRate = Omit<ConnectionPacerOptions, 'now'>;

/** One open stream connection carrying several symbols. */
export interface StreamConnection {
  /** Closes the connection; onClose follows. */
  close(reason?: string): void;
  /**
   * Asks the exchange for a fresh in-stream snapshot of these symbols without touching the others on the
   * connection (unsubscribe, then subscribe again). Needed where snapshots come in the stream; without it a resync
   * recycles the whole connection.
   */
  resubscribe?(symbols: readonly string[]): void;
}

/** The REST weight budget an exchange grants one IP. */
export interface WeightBudget {
  /** Weight allowed per window. */
  readonly limit: number;
  /**
   * Length of the window in ms. Counted as a window sliding over our own requests, unless answers carry serverTime:
   * then as fixed windows of the exchange's clock (see WeightReport.serverTime).
   */
  readonly windowMs: number;
}

/**
 * How far a held book is the exchange's. `snapshot-bounded`: a full-depth stream on top of a snapshot of
 * `snapshotLevels` per side, so levels deeper than the snapshot reached may be missing until they change.
 * `exchange-maintained`: the exchange keeps the subscribed window itself, so the whole held book is exact.
 * `client-trimmed`: the exchange keeps a window of `depth` levels per side but sends no delete for a level pushed
 * out of it, so the client trims each side to `depth` after every message; the trimmed book is exact.
 */
export type DepthWindow =
  | { readonly kind: 'snapshot-bounded'; readonly snapshotLevels: number }
  | { readonly kind: 'exchange-maintained' }
  | { readonly kind: 'client-trimmed'; readonly depth: number };

/**
 * Snapshots asked of a REST endpoint, paced by a weight budget, and bridged to the buffered stream by update ids
 * (Binance, Gate.io, KuCoin). A resync is a refetch.
 */
export interface RestSnapshots {
  readonly kind: 'rest';
  /** The REST budget snapshots are paced against. */
  readonly weightBudget: WeightBudget;
  /** The weight one snapshot request costs at the configured depth. */
  readonly snapshotWeight: number;
  /** Fetches a REST snapshot; rejects with SnapshotError. */
  fetchSnapshot(symbol: string, signal: AbortSignal): Promise<SnapshotResponse>;
  /**
   * Optional, for replaying recordings: reads a recorded snapshot body (SnapshotResponse.body) of `symbol`. Returns
   * undefined when the text is no snapshot body (a stream frame recorded beside it); throws SnapshotError when it is
   * one but malformed.
   */
  readSnapshotBody?(text: string, symbol: string): BookSnapshot | undefined;
  /**
   * Optional: the exchange's current used-weight figure, asked with a request of weight 1 (Binance: ping), so the
   * limiter can check a figure it can no longer trust instead of waiting out a whole window; rejects with SnapshotError.
   */
  probeUsedWeight?(signal: AbortSignal): Promise<WeightReport>;
}

/**
 * Snapshots that come as the first message of a subscription, in the stream itself (OKX, Kraken, Bybit, Coinbase,
 * Deribit). A resync resubscribes that one symbol on its connection (StreamConnection.resubscribe).
 */
export interface StreamSnapshots {
  readonly kind: 'stream';
  /** How long a symbol waits for its snapshot before it is asked for again (default 10 000 ms). */
  readonly snapshotTimeoutMs?: number;
}

/** Where a book's snapshot comes from. */
export type SnapshotSource = RestSnapshots | StreamSnapshots;

/** What an exchange market must provide so core can keep its books. */
export interface Connector {
  /** Exchange name, e.g. "binance". */
  readonly exchange: string;
  /** The market's name, unique in a process; events and views carry it (e.g. "spot", "okx", "kraken"). */
  readonly market: string;
  /** How many symbols one stream connection may carry. */
  readonly maxSymbolsPerConnection: number;
  /**
   * How fast this venue lets one IP open connections, where it differs from the default (5 at once, then one a
   * second, at most 300 in 5 minutes: Binance's): MarketFeed paces its connection attempts by it.
   */
  readonly connectionRate?: ConnectionRate;
  /** The sequencing rules of this market. */
  readonly rules: SequencingRules;
  /**
   * Whether messages carry a per-symbol sequence, so a book's `lastUpdateId` names a state of the exchange's book
   * (Binance `u`, OKX `seqId`). False where continuity is proven otherwise (Kraken's checksums): ids are then 0 and
   * outputs leave them out.
   */
  readonly hasUpdateIds: boolean;
  /** Where snapshots come from: a paced REST request, or the stream itself. */
  readonly snapshots: SnapshotSource;
  /** How far a held book is exact. */
  readonly depthWindow: DepthWindow;
  /** Turns a user's spelling of a symbol into the exchange's (e.g. "btcusdt" → "BTCUSDT"); throws on a bad shape. */
  normalizeSymbol(symbol: string): string;
  /** Opens one connection streaming diff events of these symbols. */
  openStream(symbols: readonly string[], listener: StreamListener): StreamConnection;
  /** Decodes one frame synchronously; throws DecodeError (with the symbol when it can be told) on a bad frame. */
  decode(frame: string): StreamMessage;
  /**
   * Lists the symbols the market trades, so configured symbols can be checked before streaming starts; rejects with
   * SnapshotError (the REST failure reasons are the same). Optional: without it nothing is checked up front.
   */
  listSymbols?(signal: AbortSignal): Promise<SymbolList>;
  /** The weight one `listSymbols` request costs (paced through the limiter like a snapshot where snapshots are REST). */
  readonly symbolListWeight?: number;
  /**
   * Optional: what the connector learned before streaming that its rules for `symbol` depend on (Kraken v2: the
   * pair's price and lot precisions, fetched over REST), as text, once it has it; undefined before, or when it needs
   * nothing. A recording keeps it beside the symbol's frames, so a replay (offline) needs no request for it.
   */
  preparation?(symbol: string): string | undefined;
  /**
   * Optional: takes back a text `preparation` gave (possibly of another process); may be called once per symbol's
   * text. The connector then needs no request for what it holds. Throws DecodeError when the text is not one.
   */
  restore?(preparation: string): void;
}
