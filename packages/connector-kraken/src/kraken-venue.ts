import { ConfigError } from '@lob/core';
import type { KrakenProtocol } from './kraken-message.js';
import { wirePair } from './pairs.js';

/** Book depths Kraken offers per side, in both protocols. */
export const KRAKEN_BOOK_DEPTHS = [10, 25, 100, 500, 1000] as const;
/** One of the book depths Kraken offers. */
export type KrakenBookDepth = (typeof KRAKEN_BOOK_DEPTHS)[number];

/**
 * Kraken spot, as documented (sources below; checked 2026). Kraken has no REST book snapshot to bridge: the
 * snapshot arrives in the stream, there are no sequence ids, and the CRC32 of the top 10 levels per side is the
 * only way to see a lost message.
 *
 * - Endpoints: wss://ws.kraken.com/v2 (v2) and wss://ws.kraken.com (v1), same host: the path picks the version.
 *   https://docs.kraken.com/api/docs/guides/spot-ws-intro
 * - Book: depth 10, 25, 100, 500 or 1000 (default 10 when the subscription names none; lob asks 1000).
 *   https://docs.kraken.com/exchange/api-reference/spot-websocket-v2/book.md, …/spot-websocket-v1/book.md
 * - Checksum: top 10 asks then top 10 bids; the client truncates to the subscribed depth after every message because
 *   Kraken sends no delete for levels that fall out of the window. v1 sends it on updates only, v2 on snapshots
 *   too; v2 sends numbers, so they are formatted with the pair's precisions first.
 *   https://docs.kraken.com/exchange/guides/websockets/book-checksum-v2.md, …/book-checksum-v1.md
 * - Heartbeat: v1 `{"event":"heartbeat"}` about once a second when a subscribed connection is otherwise quiet.
 *   https://docs.kraken.com/exchange/api-reference/spot-websocket-v1/heartbeat
 * - Rate limits: the WebSocket message rate is per connection and not a fixed published number (it varies with
 *   load; the answer is an "Exceeded msg rate" error), so subscribe in batches (one request may list many pairs)
 *   and pace resyncs. https://docs.kraken.com/api/docs/guides/spot-ratelimits
 * - REST: GET https://api.kraken.com/0/public/AssetPairs lists every pair with `wsname` (v1 spelling, "XBT/USD"),
 *   `pair_decimals` and `lot_decimals`: the precisions v2 checksums need. Public REST is throttled per IP.
 */
export const KRAKEN_SPOT = {
  exchange: 'kraken',
  market: 'spot',
  /** Live v2 endpoint: the default. */
  wsUrlV2: 'wss://ws.kraken.com/v2',
  /** Live v1 endpoint (frozen by Kraken, still served). */
  wsUrlV1: 'wss://ws.kraken.com',
  restUrl: 'https://api.kraken.com',
  /** Lists pairs with their `wsname`, `pair_decimals` and `lot_decimals`. */
  assetPairsPath: '/0/public/AssetPairs',
  /** The v2 channel name; v1 names its channels `book-<depth>`. */
  bookChannel: 'book',
  depths: KRAKEN_BOOK_DEPTHS,
  defaultDepth: 1000 as KrakenBookDepth,
  /** Levels per side the checksum covers, whatever the subscribed depth. */
  checksumLevels: 10,
} as const;

/** True when `depth` is one Kraken offers. */
export function isKrakenBookDepth(depth: number): depth is KrakenBookDepth {
  return (KRAKEN_BOOK_DEPTHS as readonly number[]).includes(depth);
}

/**
 * Which protocol an endpoint speaks, as Kraken lays them out: a path ending in `/v2` is v2, no path is v1.
 * Throws ConfigError on any other URL, so a typo never silently picks the wrong decoder.
 */
export function protocolOfUrl(url: string): KrakenProtocol {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('invalid-value', `"${url}" is not a URL`, { key: 'ws-url' });
  }
  if (parsed.protocol !== 'wss:' && parsed.protocol !== 'ws:') {
    throw new ConfigError('invalid-value', `"${url}" is not a ws:// or wss:// URL`, { key: 'ws-url' });
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  if (path === '') return 'v1';
  if (path.endsWith('/v2')) return 'v2';
  throw new ConfigError('invalid-value', `"${url}": Kraken serves v2 on a path ending in /v2 and v1 on no path`, { key: 'ws-url' });
}

/**
 * The request subscribing `pairs` (lob's spelling) to the book at `depth`, as text for the wire. `reqId` (v2
 * `req_id`, v1 `reqid`) is echoed in Kraken's answers, so an answer can be tied to its request.
 */
export function subscribeRequest(protocol: KrakenProtocol, pairs: readonly string[], depth: KrakenBookDepth, reqId?: number): string {
  return bookRequest('subscribe', protocol, pairs, depth, reqId);
}

/** The request ending the book subscription of `pairs`; `reqId` as for subscribeRequest. */
export function unsubscribeRequest(protocol: KrakenProtocol, pairs: readonly string[], depth: KrakenBookDepth, reqId?: number): string {
  return bookRequest('unsubscribe', protocol, pairs, depth, reqId);
}

/**
 * What to send to resync one pair: unsubscribe, then subscribe, whose answer is a fresh snapshot. A second
 * subscribe alone is refused with "Already subscribed", so both requests are needed, in this order.
 */
export function resyncRequests(protocol: KrakenProtocol, pair: string, depth: KrakenBookDepth): readonly string[] {
  return [unsubscribeRequest(protocol, [pair], depth), subscribeRequest(protocol, [pair], depth)];
}

/** The application-level keepalive: v2 `{"method":"ping"}`, v1 `{"event":"ping"}` (answered by a pong), with `reqId` if given. */
export function pingRequest(protocol: KrakenProtocol, reqId?: number): string {
  if (reqId === undefined) return protocol === 'v2' ? '{"method":"ping"}' : '{"event":"ping"}';
  return protocol === 'v2' ? JSON.stringify({ method: 'ping', req_id: reqId }) : JSON.stringify({ event: 'ping', reqid: reqId });
}

function bookRequest(method: 'subscribe' | 'unsubscribe', protocol: KrakenProtocol, pairs: readonly string[], depth: KrakenBookDepth, reqId: number | undefined): string {
  const wire = pairs.map((pair) => wirePair(pair, protocol));
  if (protocol === 'v2') {
    return JSON.stringify({ method, params: { channel: 'book', symbol: wire, depth, snapshot: true }, ...(reqId === undefined ? {} : { req_id: reqId }) });
  }
  return JSON.stringify({ event: method, pair: wire, subscription: { name: 'book', depth }, ...(reqId === undefined ? {} : { reqid: reqId }) });
}
