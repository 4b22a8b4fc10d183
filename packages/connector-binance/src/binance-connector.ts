import { ConfigError, type Connector, type SnapshotResponse, type StreamConnection, type StreamListener, type StreamMessage, type WeightReport } from '@lob/core';
import { decodeFrame } from './frame-decoder.js';
import { BINANCE_MARKETS, isBinanceMarket, type BinanceMarket, type BinanceMarketSpec } from './markets.js';
import { SnapshotClient } from './snapshot-client.js';
import { openCombinedStream, type StreamClientOptions } from './stream-client.js';

/** Options of a Binance connector; everything but the market has a default that reaches the live exchange. */
export interface BinanceConnectorOptions {
  readonly market: BinanceMarket;
  /** REST base URL (scheme, host, port); the market's depth path is appended. */
  readonly restUrl?: string;
  /** WebSocket base URL (scheme, host, port); the market's stream paths are appended. */
  readonly wsUrl?: string;
  /** Levels per side in a snapshot (default 1000). */
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
}

/** A Connector for one Binance market that also owns its REST pool (close it when done). */
export interface BinanceConnector extends Connector {
  readonly spec: BinanceMarketSpec;
  readonly restUrl: string;
  readonly wsUrl: string;
  readonly snapshotLimit: number;
  /** How a connection for these symbols is opened: the stream names and where they go. */
  streamOptions(symbols: readonly string[]): StreamClientOptions;
  /** Closes kept-alive REST connections. */
  close(): Promise<void>;
}

/** Builds a Connector for a Binance market; invalid options throw ConfigError naming the option. */
export function createBinanceConnector(options: BinanceConnectorOptions): BinanceConnector {
  if (!isBinanceMarket(options.market)) {
    throw new ConfigError('invalid-value', `market must be spot, usdm or coinm, not ${JSON.stringify(options.market)}`, { key: 'market' });
  }
  const spec = BINANCE_MARKETS[options.market];
  const limit = options.snapshotLimit ?? 1000;
  const limitOk = spec.allowedLimits === undefined ? Number.isInteger(limit) && limit >= 1 && limit <= spec.maxLimit : spec.allowedLimits.includes(limit);
  if (!limitOk) {
    const allowed = spec.allowedLimits === undefined ? `1..${spec.maxLimit}` : spec.allowedLimits.join(', ');
    throw new ConfigError('invalid-value', `snapshot limit ${limit} is not valid on ${spec.market} (allowed: ${allowed})`, { key: 'snapshot_limit' });
  }
  const speed = options.speed ?? spec.defaultSpeed;
  const suffix = spec.speeds[speed];
  if (suffix === undefined) {
    throw new ConfigError('invalid-value', `speed ${speed} is not offered on ${spec.market} (offered: ${Object.keys(spec.speeds).join(', ')})`, { key: 'speed' });
  }
  if (options.pingIntervalMs !== undefined && !(Number.isFinite(options.pingIntervalMs) && options.pingIntervalMs >= 0)) {
    throw new ConfigError('invalid-value', `ping interval ${options.pingIntervalMs} ms must be a number >= 0`, { key: 'ping_interval_ms' });
  }
  const restUrl = trimSlash(checkUrl(options.restUrl ?? spec.restUrl, ['http:', 'https:'], 'rest_url'));
  const wsUrl = trimSlash(checkUrl(options.wsUrl ?? spec.wsUrl, ['ws:', 'wss:'], 'ws_url'));
  const client = new SnapshotClient({
    baseUrl: restUrl,
    depthPath: spec.depthPath,
    pingPath: spec.pingPath,
    limit,
    ...(options.requestTimeoutMs === undefined ? {} : { timeoutMs: options.requestTimeoutMs }),
  });
  const requirePrevId = spec.rules !== BINANCE_MARKETS.spot.rules;
  const maxSymbols = Math.min(options.maxSymbolsPerConnection ?? spec.maxStreamsPerConnection, spec.maxStreamsPerConnection);

  return {
    exchange: 'binance',
    market: spec.market,
    spec,
    restUrl,
    wsUrl,
    snapshotLimit: limit,
    maxSymbolsPerConnection: maxSymbols,
    rules: spec.rules,
    weightBudget: { limit: options.weightPerMinute ?? spec.weightBudget.limit, windowMs: spec.weightBudget.windowMs },
    snapshotWeight: spec.snapshotWeight(limit),
    depthWindow: { kind: 'snapshot-bounded', snapshotLevels: limit },
    normalizeSymbol(symbol: string): string {
      const upper = symbol.trim().toUpperCase();
      if (!spec.symbolPattern.test(upper)) {
        throw new ConfigError('invalid-value', `${JSON.stringify(symbol)} is not a ${spec.market} symbol (expected like ${spec.market === 'coinm' ? 'BTCUSD_PERP' : 'BTCUSDT'})`, { key: 'symbols' });
      }
      return upper;
    },
    streamOptions(symbols: readonly string[]): StreamClientOptions {
      // Stream names use the lowercase symbol; REST uses it as given (uppercase).
      return {
        baseUrl: `${wsUrl}${spec.streamPrefix}`,
        streams: symbols.map((s) => `${s.toLowerCase()}${suffix}`),
        ...(options.pingIntervalMs === undefined ? {} : { pingIntervalMs: options.pingIntervalMs }),
      };
    },
    openStream(symbols: readonly string[], listener: StreamListener): StreamConnection {
      return openCombinedStream(this.streamOptions(symbols), listener);
    },
    decode(frame: string): StreamMessage {
      return decodeFrame(frame, requirePrevId);
    },
    fetchSnapshot(symbol: string, signal: AbortSignal): Promise<SnapshotResponse> {
      return client.fetch(symbol, signal);
    },
    probeUsedWeight(signal: AbortSignal): Promise<WeightReport> {
      return client.probeUsedWeight(signal);
    },
    close(): Promise<void> {
      return client.close();
    },
  };
}

function checkUrl(url: string, protocols: string[], key: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('invalid-value', `${key} ${JSON.stringify(url)} is not a URL`, { key });
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError('invalid-value', `${key} ${JSON.stringify(url)} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`, { key });
  }
  return url;
}

function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
