import { ConfigError, type DepthWindow } from '@lob/core';

/** Bybit's public market categories with an order book lob keeps (options are not covered). */
export const BYBIT_CATEGORIES = ['spot', 'linear', 'inverse'] as const;
/** One Bybit category: `spot`, `linear` (USDT/USDC perpetuals and futures) or `inverse` (coin-margined contracts). */
export type BybitCategory = (typeof BYBIT_CATEGORIES)[number];

/** What one subscribed depth delivers. */
export interface BybitDepthSpec {
  /** Levels per side in the snapshot, and the window Bybit keeps the book to. */
  readonly levels: number;
  /** How often Bybit pushes, ms. */
  readonly pushIntervalMs: number;
}

/**
 * Bybit's v5 public order-book protocol: endpoints, depths per category, keepalive and documented limits.
 * Sources: Bybit API v5 docs, "WebSocket Stream / Connect" (https://bybit-exchange.github.io/docs/v5/ws/connect) and
 * "WebSocket Stream / Public / Orderbook" (https://bybit-exchange.github.io/docs/v5/websocket/public/orderbook),
 * "Market / Get Instruments Info" (https://bybit-exchange.github.io/docs/v5/market/instrument).
 */
export const BYBIT_VENUE = {
  exchange: 'bybit',
  wsUrls: {
    spot: 'wss://stream.bybit.com/v5/public/spot',
    linear: 'wss://stream.bybit.com/v5/public/linear',
    inverse: 'wss://stream.bybit.com/v5/public/inverse',
  } satisfies Readonly<Record<BybitCategory, string>>,
  restUrl: 'https://api.bybit.com',
  // Docs, Orderbook: depths and push frequencies per category (spot 200 levels every 200 ms, contracts every 100 ms).
  depths: {
    spot: { 1: { levels: 1, pushIntervalMs: 10 }, 50: { levels: 50, pushIntervalMs: 20 }, 200: { levels: 200, pushIntervalMs: 200 }, 1000: { levels: 1000, pushIntervalMs: 200 } },
    linear: { 1: { levels: 1, pushIntervalMs: 10 }, 50: { levels: 50, pushIntervalMs: 20 }, 200: { levels: 200, pushIntervalMs: 100 }, 1000: { levels: 1000, pushIntervalMs: 200 } },
    inverse: { 1: { levels: 1, pushIntervalMs: 10 }, 50: { levels: 50, pushIntervalMs: 20 }, 200: { levels: 200, pushIntervalMs: 100 }, 1000: { levels: 1000, pushIntervalMs: 200 } },
  } satisfies Readonly<Record<BybitCategory, Readonly<Record<number, BybitDepthSpec>>>>,
  defaultDepth: 200,
  /**
   * Bybit keeps the subscribed window itself: a level leaving it comes as a size-"0" delete (the recordings' rebuilt
   * books never exceeded 200 a side), so the whole held book is exact and nothing is trimmed.
   */
  depthWindow: { kind: 'exchange-maintained' } as DepthWindow,
  keepalive: {
    // Docs, Connect: "we recommend sending the ping heartbeat packet every 20 seconds"; without ping-pong or data
    // Bybit cuts a connection after 10 minutes.
    pingIntervalMs: 20_000,
    serverIdleCloseMs: 600_000,
    ping: '{"op":"ping"}',
  },
  limits: {
    // Docs, Connect: "For one spot connection, up to 10 args per subscription request". Contracts document no such
    // cap; lob keeps every request at 10 args so one rule holds on every category.
    argsPerRequest: 10,
    // Docs, Connect: the args of one connection may total at most 21 000 characters (linear, inverse): at ~30
    // characters per orderbook topic that is far above the books one connection carries here.
    argsCharsPerConnection: 21_000,
    // Docs, Connect: "Do not establish more than 500 connections in 5 minutes", counted per WebSocket domain. Core's
    // ConnectionPacer (300 in 5 minutes by default) stays under it.
    connectionsPer5Minutes: 500,
    // Bybit states no cap on topics per public connection; 50 keeps a connection's pushes (200 levels every 100 ms
    // per book) well within one socket and spreads a restart over several connections.
    maxSymbolsPerConnection: 50,
    // Docs, Get Instruments Info: `limit` at most 1000 per page (spot has no pagination).
    instrumentsPageLimit: 1000,
  },
} as const;

// Bybit symbols are upper-case letters and digits (BTCUSDT, 1000PEPEUSDT), dated futures carry a dash
// (BTC-26DEC25, ETHUSDT-27MAR26), inverse futures a month code (BTCUSDH25).
const SYMBOL = /^[A-Z0-9]{2,40}(?:-[A-Z0-9]{2,20})*$/;

/** Examples of symbols, for messages. */
export const BYBIT_SYMBOL_EXAMPLES = ['BTCUSDT', 'BTCPERP', 'BTC-26DEC25', 'BTCUSD'] as const;

/** Turns a user's spelling of a Bybit symbol (any case) into Bybit's, or throws ConfigError on a bad shape. */
export function normalizeBybitSymbol(raw: string): string {
  const symbol = raw.trim().toUpperCase();
  if (SYMBOL.test(symbol)) return symbol;
  throw new ConfigError('invalid-value', `${JSON.stringify(raw)} is not a Bybit symbol (expected e.g. ${BYBIT_SYMBOL_EXAMPLES.join(', ')})`, { key: 'symbols' });
}

/** Whether a value is one of the categories lob keeps. */
export function isBybitCategory(value: unknown): value is BybitCategory {
  return (BYBIT_CATEGORIES as readonly unknown[]).includes(value);
}

/** The depths a category offers, smallest first. */
export function depthsOf(category: BybitCategory): number[] {
  return Object.keys(BYBIT_VENUE.depths[category]).map(Number).sort((a, b) => a - b);
}

/** The order-book topic of one symbol at one depth (`orderbook.200.BTCUSDT`). */
export function orderbookTopic(depth: number, symbol: string): string {
  return `orderbook.${depth}.${symbol}`;
}
