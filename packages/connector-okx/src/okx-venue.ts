import { ConfigError, type DepthWindow } from '@lob/core';

/** The order-book channels lob can keep a whole 400-level book from. */
export const OKX_BOOK_CHANNELS = ['books-l2-tbt', 'books'] as const;
/** One OKX order-book channel. */
export type OkxBookChannel = (typeof OKX_BOOK_CHANNELS)[number];

/** What one order-book channel delivers. */
export interface OkxChannelSpec {
  /** Levels per side in the snapshot, and the window OKX keeps the book to. */
  readonly levels: number;
  /** How often updates come; 0 = tick by tick (OKX now batches those into 10 ms pushes). */
  readonly intervalMs: number;
  /** Whether OKX serves the channel only to logged-in connections of a given fee tier. */
  readonly access: 'public' | 'login-vip6';
}

/**
 * OKX's v5 public order-book protocol: endpoints, channels, instrument ids, keepalive and documented limits.
 * Source for the channel, sequencing and keepalive facts: OKX API v5 docs, "WS / Order book channel" and "Overview
 * / WebSocket" (https://www.okx.com/docs-v5/en/#order-book-trading-market-data-ws-order-book-channel).
 */
export const OKX_VENUE = {
  exchange: 'okx',
  wsUrl: 'wss://ws.okx.com:8443/ws/v5/public',
  restUrl: 'https://www.okx.com',
  channels: {
    // "Incremental data will be pushed every 10 ms"; the 2021-2022 recordings show it truly per tick then. OKX's docs
    // (changelog 2024-07-17) restrict it to logged-in API users of VIP6 and above: an anonymous subscription fails.
    'books-l2-tbt': { levels: 400, intervalMs: 0, access: 'login-vip6' },
    // 400 levels snapshot, increments every 100 ms: open to every connection, no login.
    books: { levels: 400, intervalMs: 100, access: 'public' },
  } satisfies Readonly<Record<OkxBookChannel, OkxChannelSpec>>,
  // The issue asked for books-l2-tbt; OKX now refuses it to anonymous connections, and lob's market data is public:
  // `books` works for every user. books-l2-tbt stays selectable for those who log in.
  defaultChannel: 'books' as OkxBookChannel,
  /**
   * OKX keeps the subscribed 400-level window itself (no recorded book ever exceeded it, manifest "depth"), so the
   * whole held book is exact and no client-side trimming is needed.
   */
  depthWindow: { kind: 'exchange-maintained' } as DepthWindow,
  keepalive: {
    // OKX closes a connection that has pushed nothing for 30 s; docs: when nothing arrived for N < 30 s, send the
    // text "ping" and expect "pong", else reconnect. 25 s leaves room for the round trip.
    idleBeforePingMs: 25_000,
    serverIdleCloseMs: 30_000,
    ping: 'ping',
    pong: 'pong',
  },
  limits: {
    // OKX docs, "WebSocket / Connect": 3 connection requests per second per IP.
    // (also nautilus_okx OKX_WS_CONNECTION_QUOTA, nautilustrader.io docs)
    connectionsPerSecondPerIp: 3,
    // OKX docs: 480 subscribe/unsubscribe/login requests per connection per hour.
    // (nautilus_okx OKX_WS_SUBSCRIPTION_QUOTA; slinky providers/websockets/okx/README.md quotes the same)
    subscribeRequestsPerHourPerConnection: 480,
    // OKX docs: the channels of one subscribe request may total at most 64 KB.
    maxSubscribeRequestBytes: 64 * 1024,
    // OKX docs, order book channel: for many 50- or 400-level books use several connections, each with fewer than
    // 30 channels. Advice, not a refusal; lob follows it.
    maxBookChannelsPerConnection: 29,
    // OKX docs, "Public Data / REST API / Get instruments" (GET /api/v5/public/instruments): 20 requests per 2 seconds,
    // counted per IP and instrument type (https://www.okx.com/docs-v5/en/#public-data-rest-api-get-instruments).
    instrumentsRequests: { limit: 20, windowMs: 2_000, per: 'ip+instType' },
  },
} as const;

// Instrument ids (OKX docs, "Get instruments"): spot/margin BASE-QUOTE, perpetual BASE-QUOTE-SWAP, expiry futures
// BASE-QUOTE-YYMMDD, options BASE-QUOTE-YYMMDD-STRIKE-C|P. Currency codes are upper-case letters and digits (1INCH).
const CCY = '[A-Z0-9]{1,15}';
const DATE = '\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])';
const STRIKE = '(?:0|[1-9]\\d*)(?:\\.\\d+)?';
const INST_ID = new RegExp(`^${CCY}-${CCY}(?:-SWAP|-${DATE}(?:-${STRIKE}-[CP])?)?$`);

/** Examples of each kind of instrument id, for messages. */
export const OKX_INST_ID_EXAMPLES = ['BTC-USDT', 'BTC-USDT-SWAP', 'BTC-USD-251226', 'BTC-USD-251226-100000-C'] as const;

/** Turns a user's spelling of an OKX instrument id (any case) into OKX's, or throws ConfigError on a bad shape. */
export function normalizeInstId(raw: string): string {
  const instId = raw.trim().toUpperCase();
  if (INST_ID.test(instId)) return instId;
  throw new ConfigError('invalid-value', `${JSON.stringify(raw)} is not an OKX instrument id (expected e.g. ${OKX_INST_ID_EXAMPLES.join(', ')})`, { key: 'symbols' });
}

/** Whether a channel name is one of the order-book channels lob keeps. */
export function isOkxBookChannel(channel: string): channel is OkxBookChannel {
  return (OKX_BOOK_CHANNELS as readonly string[]).includes(channel);
}
