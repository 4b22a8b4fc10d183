import type { Connector } from '@lob/core';
import type { BookKind } from '../config/markets.js';

/** The venues lob serves, by the names users, outputs and paths use. */
export const VENUE_NAMES = ['binance-spot', 'binance-usdm', 'binance-coinm', 'okx', 'kraken', 'bybit-spot', 'bybit-linear', 'bybit-inverse', 'coinbase'] as const;
/** One venue's name: what `--market`, `[[exchanges]]`, `/books/:venue/...`, JSON lines, logs and metrics say. */
export type VenueName = (typeof VENUE_NAMES)[number];

/** A venue's connector as the CLI runs it: a core Connector that owns I/O it must close. */
export type VenueConnector = Connector & { close(): Promise<void> };

/** A user's symbol in the venue's spelling, or why it cannot be one of the venue's. */
export type SpelledSymbol = { readonly symbol: string } | { readonly error: string };

/** What a venue's connector is built from: the settled options of one configured venue. */
export interface VenueConnectorOptions {
  readonly market: VenueName;
  /** Undefined: the venue's live endpoints. */
  readonly restUrl?: string;
  readonly wsUrl?: string;
  /** REST-snapshot venues only. */
  readonly snapshotLimit?: number;
  /** Binance's diff stream speed. */
  readonly speed?: string;
  /** OKX's order-book channel. */
  readonly channel?: string;
  /** The subscribed book depth per side (Kraken's, Bybit's `orderbook.{depth}`). */
  readonly bookDepth?: number;
  /** The books take levels as numbers only (OrderBook.applySpelled): a venue whose decoder can give them so does. */
  readonly spelledLevels?: boolean;
}

/** Options only some venues have; an entry lists the ones it takes, with their allowed values and defaults. */
export interface VenueOptions {
  /** Snapshots come from a paced REST request (the snapshot limit applies), or in the stream (it does not). */
  readonly restSnapshots?: {
    readonly defaultLimit: number;
    readonly maxLimit: number;
    /** Why a snapshot limit does not fit the venue, or undefined when it does. */
    check(limit: number): string | undefined;
  };
  /** Diff stream speeds (Binance), the first being the default. */
  readonly speeds?: readonly string[];
  /** Order-book channels (OKX), and the default. */
  readonly channels?: { readonly values: readonly string[]; readonly default: string };
  /** Subscribed book depths per side (Kraken, Bybit), and the default. */
  readonly bookDepths?: { readonly values: readonly number[]; readonly default: number };
}

/**
 * One venue lob can serve: its names, its endpoints, how a user's symbol maps to its spelling, the options it
 * takes, and the factory of its connector. Adding a venue is adding one entry to the registry.
 */
export interface VenueEntry {
  readonly name: VenueName;
  /** Other names users may type for it (any case), e.g. `spot` for `binance-spot`. */
  readonly aliases: readonly string[];
  /** The exchange, as `[[exchanges]] name` says it. */
  readonly exchange: string;
  /** For messages, e.g. "Binance spot". */
  readonly title: string;
  /** The live endpoints: what users get unless `--rest-url`/`--ws-url` say otherwise. */
  readonly endpoints: { readonly restUrl: string; readonly wsUrl: string };
  /**
   * How an endpoint override is used: `base` keeps scheme, host and port (the connector appends the venue's paths;
   * Binance), `as-given` keeps the whole URL (OKX's path, Kraken's `/v2` that picks the protocol).
   */
  readonly endpointUrls: 'base' | 'as-given';
  /** A venue's own rule for an endpoint override beyond scheme and host (Kraken: the path picks the protocol). */
  checkUrl?(kind: 'rest' | 'ws', url: string): string | undefined;
  /** Symbols served when neither flags nor config name any. */
  readonly defaultSymbols: readonly string[];
  /** Spellings shown in help and errors, e.g. BTC-USDT, BTC-USDT-SWAP. */
  readonly symbolExamples: readonly string[];
  readonly options: VenueOptions;
  /**
   * The book used unless `--book` or the config says otherwise: `packed` where the venue's decoder hands levels over
   * as numbers and nothing reads the top after every message (Binance), `chunked` elsewhere (a venue that checks a
   * checksum reads its top levels after every message, and a book of numbers spells them again each time).
   */
  readonly defaultBook: BookKind;
  /** A user's spelling (any case; `-` for `/` where the venue's symbols have a `/`) in the venue's spelling. */
  spell(raw: string): SpelledSymbol;
  /** Builds the venue's connector; throws ConfigError on options it refuses. */
  createConnector(options: VenueConnectorOptions): VenueConnector;
}

/** The endpoint overrides among a venue's options, as connector options take them (keys absent when not set). */
export function endpointOverrides(options: VenueConnectorOptions): { restUrl?: string; wsUrl?: string } {
  return {
    ...(options.restUrl === undefined ? {} : { restUrl: options.restUrl }),
    ...(options.wsUrl === undefined ? {} : { wsUrl: options.wsUrl }),
  };
}
