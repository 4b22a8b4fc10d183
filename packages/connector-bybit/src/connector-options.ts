import { ConfigError } from '@lob/core';
import { BYBIT_CATEGORIES, BYBIT_VENUE, depthsOf, isBybitCategory, type BybitCategory } from './bybit-venue.js';
import { endpointUrl } from '@lob/connector-kit';

/** Options of the Bybit connector: the category is required, every other option has a default reaching Bybit. */
export interface BybitConnectorOptions {
  /** `spot`, `linear` (USDT/USDC contracts) or `inverse` (coin-margined contracts): one endpoint and market each. */
  readonly category: BybitCategory;
  /** REST base URL: scheme, host and port (default BYBIT_VENUE.restUrl). */
  readonly restUrl?: string;
  /** Public WebSocket URL, path included (default: the category's, e.g. wss://stream.bybit.com/v5/public/spot). */
  readonly wsUrl?: string;
  /** Order-book depth subscribed, one the category offers (1, 50, 200 or 1000; default 200). */
  readonly depth?: number;
  /** Books per connection (an integer >= 1; default 50). */
  readonly maxSymbolsPerConnection?: number;
  /** Timeout of a REST request (instrument listing), ms (default 10 000). */
  readonly requestTimeoutMs?: number;
  /** Interval of the `{"op":"ping"}` heartbeat, ms (default 20 000; below Bybit's 10-minute idle cut). */
  readonly pingIntervalMs?: number;
}

/** The options with every default filled in and every value checked. */
export interface ResolvedBybitOptions {
  readonly category: BybitCategory;
  readonly restUrl: string;
  readonly wsUrl: string;
  readonly depth: number;
  readonly maxSymbolsPerConnection: number;
  readonly requestTimeoutMs: number | undefined;
  readonly pingIntervalMs: number;
}

/** Fills in defaults and checks every option; a bad one throws ConfigError naming its key. */
export function resolveBybitOptions(options: BybitConnectorOptions): ResolvedBybitOptions {
  const category = (options as Partial<BybitConnectorOptions> | undefined)?.category;
  if (!isBybitCategory(category)) {
    throw new ConfigError('invalid-value', `category must be ${BYBIT_CATEGORIES.join(', ')}, not ${JSON.stringify(category) ?? 'missing'}`, { key: 'category' });
  }
  const depth = options.depth ?? BYBIT_VENUE.defaultDepth;
  const depths = depthsOf(category);
  if (!depths.includes(depth)) {
    throw new ConfigError('invalid-value', `depth must be one of ${depths.join(', ')} for ${category}, not ${String(depth)}`, { key: 'depth' });
  }
  const maxSymbolsPerConnection = options.maxSymbolsPerConnection ?? BYBIT_VENUE.limits.maxSymbolsPerConnection;
  if (!Number.isSafeInteger(maxSymbolsPerConnection) || maxSymbolsPerConnection < 1) {
    throw new ConfigError('invalid-value', `maxSymbolsPerConnection must be an integer >= 1, not ${String(maxSymbolsPerConnection)}`, { key: 'maxSymbolsPerConnection' });
  }
  if (options.requestTimeoutMs !== undefined && !(Number.isFinite(options.requestTimeoutMs) && options.requestTimeoutMs > 0)) {
    throw new ConfigError('invalid-value', `requestTimeoutMs must be a number > 0, not ${String(options.requestTimeoutMs)}`, { key: 'requestTimeoutMs' });
  }
  const pingIntervalMs = options.pingIntervalMs ?? BYBIT_VENUE.keepalive.pingIntervalMs;
  // Bybit cuts a connection with neither data nor ping-pong for 10 minutes: a rarer ping would come after the cut.
  if (!(Number.isFinite(pingIntervalMs) && pingIntervalMs > 0 && pingIntervalMs < BYBIT_VENUE.keepalive.serverIdleCloseMs)) {
    throw new ConfigError(
      'invalid-value',
      `pingIntervalMs must be > 0 and below Bybit's ${BYBIT_VENUE.keepalive.serverIdleCloseMs} ms idle cut, not ${String(pingIntervalMs)}`,
      { key: 'pingIntervalMs' },
    );
  }
  return {
    category,
    restUrl: endpointUrl(options.restUrl ?? BYBIT_VENUE.restUrl, 'rest', 'restUrl'),
    wsUrl: endpointUrl(options.wsUrl ?? BYBIT_VENUE.wsUrls[category], 'ws', 'wsUrl'),
    depth,
    maxSymbolsPerConnection,
    requestTimeoutMs: options.requestTimeoutMs,
    pingIntervalMs,
  };
}
