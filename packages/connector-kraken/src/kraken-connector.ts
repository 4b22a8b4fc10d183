import { ConfigError, LobError, type Connector, type StreamConnection, type StreamListener, type StreamMessage, type StreamSnapshots, type SymbolList } from '@lob/core';
import { AssetPairsCache } from './asset-pairs-cache.js';
import { openWhenReady } from './deferred-stream.js';
import { frameDecoderFor } from './frame-decode.js';
import type { KrakenProtocol } from './kraken-message.js';
import { krakenRules } from './kraken-rules.js';
import { KRAKEN_SPOT, isKrakenBookDepth, protocolOfUrl, type KrakenBookDepth } from './kraken-venue.js';
import { normalizePair } from './pairs.js';
import { precisionsText, readPrecisionsText } from './precisions-text.js';
import { openKrakenStream } from './stream-client.js';
import { toStreamMessage } from './stream-message.js';

/** Options of a Kraken connector; each has a default that reaches the live exchange. */
export interface KrakenConnectorOptions {
  /** REST base URL (scheme, host, port) for AssetPairs (default https://api.kraken.com). */
  readonly restUrl?: string;
  /** WebSocket URL; its path picks the protocol: ending in `/v2` is v2, no path is v1 (default wss://ws.kraken.com/v2). */
  readonly wsUrl?: string;
  /** Book depth per side: 10, 25, 100, 500 or 1000 (default 1000). */
  readonly depth?: KrakenBookDepth;
  /** Pairs per WebSocket connection (default 50). */
  readonly maxSymbolsPerConnection?: number;
  /** Timeout of the AssetPairs request, headers and body (default 10 000 ms). */
  readonly requestTimeoutMs?: number;
  /** Our protocol ping every this many ms (default 15 000; 0: none). */
  readonly pingIntervalMs?: number;
}

/** A Connector for Kraken spot books over WebSocket v1 or v2. */
export interface KrakenConnector extends Connector {
  readonly restUrl: string;
  readonly wsUrl: string;
  readonly protocol: KrakenProtocol;
  readonly depth: KrakenBookDepth;
  readonly snapshots: StreamSnapshots;
  readonly depthWindow: { readonly kind: 'client-trimmed'; readonly depth: number };
  /** The pairs Kraken trades now (AssetPairs `status: online`), in lob's spelling; fetched once, then cached. */
  listSymbols(signal: AbortSignal): Promise<SymbolList>;
  /** Abandons an AssetPairs request in flight. */
  close(): Promise<void>;
  /** v2: the pair's precisions as text once known (see Connector.preparation); v1: undefined. */
  preparation(symbol: string): string | undefined;
  /** Takes back precisions preparation gave: a v2 stream of those pairs then opens without AssetPairs. */
  restore(preparation: string): void;
}

/**
 * Kraken has published no cap on pairs per connection (only a message rate); 50 keeps one reconnect's burst of
 * snapshots (50 pairs × 2 000 levels at depth 1000) and subscription answers modest, and a lost connection cheap.
 */
const DEFAULT_MAX_PAIRS_PER_CONNECTION = 50;

/**
 * Builds a Connector for Kraken spot; invalid options throw ConfigError naming the option. Snapshots come in the
 * stream, continuity is proven by Kraken's checksum, and the book is trimmed to `depth` after every message. A v2
 * connection first loads AssetPairs (once per connector, cached) because v2 checksums are written at each pair's
 * `pair_decimals`/`lot_decimals`; v1 strings carry their full precision and need nothing.
 */
export function createKrakenConnector(options: KrakenConnectorOptions = {}): KrakenConnector {
  const wsUrl = options.wsUrl ?? KRAKEN_SPOT.wsUrlV2;
  const protocol = wsProtocol(wsUrl);
  const restUrl = restEndpoint(options.restUrl ?? KRAKEN_SPOT.restUrl);
  const depth = options.depth ?? KRAKEN_SPOT.defaultDepth;
  if (!isKrakenBookDepth(depth)) throw new ConfigError('invalid-value', `depth ${String(depth)} is not one Kraken offers (${KRAKEN_SPOT.depths.join(', ')})`, { key: 'depth' });
  const maxSymbols = options.maxSymbolsPerConnection ?? DEFAULT_MAX_PAIRS_PER_CONNECTION;
  if (!Number.isSafeInteger(maxSymbols) || maxSymbols < 1) {
    throw new ConfigError('invalid-value', `max symbols per connection ${String(maxSymbols)} must be a whole number >= 1`, { key: 'max_symbols_per_connection' });
  }
  const timeoutMs = options.requestTimeoutMs;
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new ConfigError('invalid-value', `request timeout ${String(timeoutMs)} ms must be a number > 0`, { key: 'request_timeout_ms' });
  }
  const pingMs = options.pingIntervalMs;
  if (pingMs !== undefined && !(Number.isFinite(pingMs) && pingMs >= 0)) {
    throw new ConfigError('invalid-value', `ping interval ${String(pingMs)} ms must be a number >= 0`, { key: 'ping_interval_ms' });
  }

  const assetPairs = new AssetPairsCache({ baseUrl: restUrl, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
  // Book frames take the protocol's frame scanner, stepping aside to the full decoder for anything it does not know.
  const decodeFrame = frameDecoderFor(protocol);
  const open = (pairs: readonly string[], listener: StreamListener): StreamConnection =>
    openKrakenStream({ url: wsUrl, pairs, depth, ...(pingMs === undefined ? {} : { pingIntervalMs: pingMs }) }, listener);

  return {
    exchange: 'kraken',
    market: 'kraken',
    restUrl,
    wsUrl,
    protocol,
    depth,
    maxSymbolsPerConnection: maxSymbols,
    rules: krakenRules(protocol, (pair) => assetPairs.precisionOf(pair)),
    hasUpdateIds: false,
    snapshots: { kind: 'stream' },
    depthWindow: { kind: 'client-trimmed', depth },
    normalizeSymbol: normalizePair,
    openStream(symbols: readonly string[], listener: StreamListener): StreamConnection {
      if (protocol === 'v1') return open(symbols, listener);
      // v2: no checksum can be checked before the precisions are known, so the socket opens once they are.
      return openWhenReady((signal) => assetPairs.awaitPrecisions(symbols, signal), (inner) => open(symbols, inner), listener);
    },
    preparation(symbol: string): string | undefined {
      // v1 checksums need nothing; v2 ones the pair's precisions, only that pair's (one small line per file).
      const precision = protocol === 'v2' ? assetPairs.precisionOf(symbol) : undefined;
      return precision === undefined ? undefined : precisionsText(new Map([[symbol, precision]]));
    },
    restore(preparation: string): void {
      assetPairs.restore(readPrecisionsText(preparation));
    },
    decode(frame: string): StreamMessage {
      return toStreamMessage(decodeFrame(frame));
    },
    listSymbols(signal: AbortSignal): Promise<SymbolList> {
      return assetPairs.load(signal);
    },
    close(): Promise<void> {
      assetPairs.close();
      return Promise.resolve();
    },
  };
}

/** The protocol of a WebSocket URL, as a ConfigError naming `ws_url` when Kraken serves nothing there. */
function wsProtocol(url: string): KrakenProtocol {
  try {
    return protocolOfUrl(url);
  } catch (error) {
    if (error instanceof LobError) throw new ConfigError('invalid-value', `ws_url: ${error.message}`, { key: 'ws_url' });
    throw error;
  }
}

/** An http(s) base URL without a trailing slash; a ConfigError naming `rest_url` otherwise. */
function restEndpoint(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('invalid-value', `rest_url: "${url}" is not a URL`, { key: 'rest_url' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConfigError('invalid-value', `rest_url: "${url}" is not an http:// or https:// URL`, { key: 'rest_url' });
  return url.replace(/\/+$/, '');
}
