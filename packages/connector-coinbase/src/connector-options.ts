import { ConfigError } from '@lob/core';
import { COINBASE_VENUE } from './coinbase-venue.js';

/** Options of the Coinbase connector; every one has a default that reaches the live exchange. */
export interface CoinbaseConnectorOptions {
  /** REST base URL: scheme, host and port (default COINBASE_VENUE.restUrl). */
  readonly restUrl?: string;
  /** Market-data WebSocket URL (default COINBASE_VENUE.wsUrl). */
  readonly wsUrl?: string;
  /** Products per connection (default 10). */
  readonly maxSymbolsPerConnection?: number;
  /** Timeout of the product listing, ms (default 10 000). */
  readonly requestTimeoutMs?: number;
  /**
   * Frames at least this many bytes long are decoded on a worker thread, so a multi-megabyte snapshot does not stall
   * the other books (default 256 KiB; `Infinity` decodes everything on the main thread).
   */
  readonly offThreadFrameBytes?: number;
}

/** The options with every default filled in and every value checked. */
export interface ResolvedCoinbaseOptions {
  readonly restUrl: string;
  readonly wsUrl: string;
  readonly maxSymbolsPerConnection: number;
  readonly requestTimeoutMs: number;
  readonly offThreadFrameBytes: number;
}

/** Fills in defaults and checks every option; a bad one throws ConfigError naming its key. */
export function resolveCoinbaseOptions(options: CoinbaseConnectorOptions = {}): ResolvedCoinbaseOptions {
  const maxSymbolsPerConnection = options.maxSymbolsPerConnection ?? COINBASE_VENUE.defaultMaxProductsPerConnection;
  if (!Number.isSafeInteger(maxSymbolsPerConnection) || maxSymbolsPerConnection < 1) {
    throw new ConfigError('invalid-value', `maxSymbolsPerConnection must be an integer >= 1, not ${String(maxSymbolsPerConnection)}`, { key: 'maxSymbolsPerConnection' });
  }
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  if (!(Number.isFinite(requestTimeoutMs) && requestTimeoutMs > 0)) {
    throw new ConfigError('invalid-value', `requestTimeoutMs must be a number > 0, not ${String(requestTimeoutMs)}`, { key: 'requestTimeoutMs' });
  }
  const offThreadFrameBytes = options.offThreadFrameBytes ?? 256 * 1024;
  if (!(offThreadFrameBytes > 0) || (Number.isFinite(offThreadFrameBytes) && !Number.isSafeInteger(offThreadFrameBytes))) {
    throw new ConfigError('invalid-value', `offThreadFrameBytes must be an integer > 0 or Infinity, not ${String(offThreadFrameBytes)}`, { key: 'offThreadFrameBytes' });
  }
  return {
    restUrl: trimSlash(endpoint(options.restUrl ?? COINBASE_VENUE.restUrl, ['http:', 'https:'], 'restUrl')),
    wsUrl: endpoint(options.wsUrl ?? COINBASE_VENUE.wsUrl, ['ws:', 'wss:'], 'wsUrl'),
    maxSymbolsPerConnection,
    requestTimeoutMs,
    offThreadFrameBytes,
  };
}

/** The URL as given when it parses and has one of the schemes; a ConfigError naming `key` otherwise. */
function endpoint(value: string, protocols: readonly string[], key: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('invalid-value', `${key}: ${JSON.stringify(value)} is not a URL`, { key });
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError('invalid-value', `${key}: expected a ${protocols.map((p) => `${p}//`).join(' or ')} URL, got ${JSON.stringify(value)}`, { key });
  }
  return value;
}

function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
