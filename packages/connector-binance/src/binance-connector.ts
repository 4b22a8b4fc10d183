import { ConfigError, type Connector, type RestSnapshots, type SnapshotResponse, type StreamConnection, type StreamListener, type StreamMessage, type SymbolList, type WeightReport } from '@lob/core';
import { fetchTradingSymbols } from './exchange-info-client.js';
import { decodeFrame } from './frame-decoder.js';
import { scanDepthFrame } from './frame-scanner.js';
import { checkEndpointUrl, checkSnapshotLimit, checkSymbol } from './market-checks.js';
import { BINANCE_MARKETS, isBinanceMarket, type BinanceMarket, type BinanceMarketSpec } from './markets.js';
import { SnapshotClient, readSnapshotBody } from './snapshot-client.js';
import { openCombinedStream, type StreamClientOptions } from './stream-client.js';

/** Options of a Binance connector; everything but the market has a default that reaches the live exchange. */
export interface BinanceConnectorOptions {
  readonly market: BinanceMarket;
  /**
   * The name the connector's `market` (and so every event and book view) carries, unique in a process (default: the
   * Binance market, e.g. "spot"). lob's CLI passes its venue names ("binance-spot") so outputs name the venue.
   */
  readonly venue?: string;
  /** REST base URL (scheme, host, port); the market's depth path is appended. */
  readonly restUrl?: string;
  /** WebSocket base URL (scheme, host, port); the market's stream paths are appended. */
  readonly wsUrl?: string;
  /** Levels per side in a snapshot (default: the market's defaultSnapshotLimit, 1000). */
  readonly snapshotLimit?: number;
  /** Update speed, e.g. '100ms' (default) or '1000ms' on spot, '250ms'/'500ms' on futures. */
  readonly speed?: string;
  /** Symbols per stream connection (default: the market's limit). */
  readonly maxSymbolsPerConnection?: number;
  /** REST weight budget per minute (default: 6000 spot, 2400 futures). */
  readonly weightPerMinute?: number;
  readonly requestTimeoutMs?: number;
  /** Our own WebSocket ping every this many ms, so a quiet connection still shows it is alive (default 10 000; 0: none). */
  readonly pingIntervalMs?: number;
  /**
   * Decode depth events into numbers only (codes and spellings), making the level strings only when read: for books
   * that take spellings (OrderBook.applySpelled). Other books read every update's strings, which the scanner then
   * makes in its one walk instead (default false).
   */
  readonly spelledLevels?: boolean;
}

/** A Connector for one Binance market that also owns its REST pool (close it when done). */
export interface BinanceConnector extends Connector {
  readonly spec: BinanceMarketSpec;
  readonly restUrl: string;
  readonly wsUrl: string;
  readonly snapshotLimit: number;
  /** REST snapshots, with the weight-1 probe Binance offers. */
  readonly snapshots: RestSnapshots & Required<Pick<RestSnapshots, 'probeUsedWeight'>>;
  /** How a connection for these symbols is opened: the stream names and where they go. */
  streamOptions(symbols: readonly string[]): StreamClientOptions;
  /** The symbols the market trades, from its exchangeInfo endpoint. */
  listSymbols(signal: AbortSignal): Promise<SymbolList>;
  readonly symbolListWeight: number;
  /** Closes kept-alive REST connections. */
  close(): Promise<void>;
}

/** Builds a Connector for a Binance market; invalid options throw ConfigError naming the option. */
export function createBinanceConnector(options: BinanceConnectorOptions): BinanceConnector {
  if (!isBinanceMarket(options.market)) {
    throw new ConfigError('invalid-value', `market must be spot, usdm or coinm, not ${JSON.stringify(options.market)}`, { key: 'market' });
  }
  const spec = BINANCE_MARKETS[options.market];
  const limit = options.snapshotLimit ?? spec.defaultSnapshotLimit;
  const limitProblem = checkSnapshotLimit(spec.market, limit);
  if (limitProblem !== undefined) throw new ConfigError('invalid-value', `snapshot_limit: ${limitProblem}`, { key: 'snapshot_limit' });
  const speed = options.speed ?? spec.defaultSpeed;
  const suffix = Object.hasOwn(spec.speeds, speed) ? spec.speeds[speed] : undefined;
  if (suffix === undefined) {
    throw new ConfigError('invalid-value', `speed ${speed} is not offered on ${spec.market} (offered: ${Object.keys(spec.speeds).join(', ')})`, { key: 'speed' });
  }
  if (options.pingIntervalMs !== undefined && !(Number.isFinite(options.pingIntervalMs) && options.pingIntervalMs >= 0)) {
    throw new ConfigError('invalid-value', `ping interval ${options.pingIntervalMs} ms must be a number >= 0`, { key: 'ping_interval_ms' });
  }
  const restUrl = trimSlash(endpoint(options.restUrl ?? spec.restUrl, 'rest', 'rest_url'));
  const wsUrl = trimSlash(endpoint(options.wsUrl ?? spec.wsUrl, 'ws', 'ws_url'));
  const client = new SnapshotClient({
    baseUrl: restUrl,
    depthPath: spec.depthPath,
    pingPath: spec.pingPath,
    limit,
    ...(options.requestTimeoutMs === undefined ? {} : { timeoutMs: options.requestTimeoutMs }),
  });
  const requirePrevId = spec.rules !== BINANCE_MARKETS.spot.rules;
  const spelledLevels = options.spelledLevels ?? false;
  const maxSymbols = Math.min(options.maxSymbolsPerConnection ?? spec.maxStreamsPerConnection, spec.maxStreamsPerConnection);

  return {
    exchange: 'binance',
    market: options.venue ?? spec.market,
    spec,
    restUrl,
    wsUrl,
    snapshotLimit: limit,
    maxSymbolsPerConnection: maxSymbols,
    rules: spec.rules,
    hasUpdateIds: true,
    snapshots: {
      kind: 'rest',
      weightBudget: { limit: options.weightPerMinute ?? spec.weightBudget.limit, windowMs: spec.weightBudget.windowMs },
      snapshotWeight: spec.snapshotWeight(limit),
      fetchSnapshot(symbol: string, signal: AbortSignal): Promise<SnapshotResponse> {
        return client.fetch(symbol, signal);
      },
      probeUsedWeight(signal: AbortSignal): Promise<WeightReport> {
        return client.probeUsedWeight(signal);
      },
      readSnapshotBody,
    },
    depthWindow: { kind: 'snapshot-bounded', snapshotLevels: limit },
    normalizeSymbol(symbol: string): string {
      const checked = checkSymbol(spec.market, symbol);
      if ('error' in checked) throw new ConfigError('invalid-value', checked.error, { key: 'symbols' });
      return checked.symbol;
    },
    streamOptions(symbols: readonly string[]): StreamClientOptions {
      // Stream names use the lowercase symbol; REST uses it as given (uppercase). Every stream is subscribed by a
      // SUBSCRIBE message, none in the URL: a server may refuse a whole connection for one unknown stream in the URL
      // (which looks like a network failure), while a refused SUBSCRIBE can be tied to its symbols.
      return {
        baseUrl: `${wsUrl}${spec.streamPrefix}`,
        streams: symbols.map((s) => `${s.toLowerCase()}${suffix}`),
        streamsInUrl: 0,
        ...(options.pingIntervalMs === undefined ? {} : { pingIntervalMs: options.pingIntervalMs }),
      };
    },
    openStream(symbols: readonly string[], listener: StreamListener): StreamConnection {
      return openCombinedStream(this.streamOptions(symbols), listener);
    },
    decode(frame: string): StreamMessage {
      // Depth events in Binance's usual shape take the one-pass scanner; everything else the full decoder.
      return scanDepthFrame(frame, requirePrevId, spelledLevels) ?? decodeFrame(frame, requirePrevId);
    },
    symbolListWeight: spec.exchangeInfoWeight,
    listSymbols(signal: AbortSignal): Promise<SymbolList> {
      return fetchTradingSymbols(
        { baseUrl: restUrl, path: spec.exchangeInfoPath, ...(options.requestTimeoutMs === undefined ? {} : { timeoutMs: options.requestTimeoutMs }) },
        signal,
      );
    },
    close(): Promise<void> {
      return client.close();
    },
  };
}

/** The URL as given when it parses and has the right scheme; a ConfigError naming `key` otherwise. */
function endpoint(url: string, kind: 'rest' | 'ws', key: string): string {
  const checked = checkEndpointUrl(url, kind);
  if ('error' in checked) throw new ConfigError('invalid-value', `${key}: ${checked.error}`, { key });
  return url;
}

function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
