import { ConfigError } from '@lob/core';
import { isOkxBookChannel, OKX_VENUE, type OkxBookChannel } from './okx-venue.js';
import { endpointUrl } from '@lob/connector-kit';

/** Options of the OKX connector; every one has a default that reaches the live exchange. */
export interface OkxConnectorOptions {
  /** REST base URL: scheme, host and port (default OKX_VENUE.restUrl). */
  readonly restUrl?: string;
  /** WebSocket URL of the public channel, path included (default OKX_VENUE.wsUrl). */
  readonly wsUrl?: string;
  /** Order-book channel (default `books`: open to all; `books-l2-tbt` needs a logged-in VIP6+ connection). */
  readonly channel?: OkxBookChannel;
  /** Book channels per connection (default 29: OKX advises fewer than 30 400-level books per connection). */
  readonly maxSymbolsPerConnection?: number;
  /** Timeout of a REST request (instrument lists), ms (default 10 000). */
  readonly requestTimeoutMs?: number;
  /** Silence before the keepalive's text `ping`, ms (default 25 000; below OKX's 30 s idle cut). */
  readonly idleBeforePingMs?: number;
}

/** The options with every default filled in and every value checked. */
export interface ResolvedOkxOptions {
  readonly restUrl: string;
  readonly wsUrl: string;
  readonly channel: OkxBookChannel;
  readonly maxSymbolsPerConnection: number;
  readonly requestTimeoutMs: number | undefined;
  readonly idleBeforePingMs: number;
}

/** Fills in defaults and checks every option; a bad one throws ConfigError naming its key. */
export function resolveOkxOptions(options: OkxConnectorOptions = {}): ResolvedOkxOptions {
  const channel = options.channel ?? OKX_VENUE.defaultChannel;
  if (!isOkxBookChannel(channel)) {
    throw new ConfigError('invalid-value', `channel must be books or books-l2-tbt, not ${JSON.stringify(channel)}`, { key: 'channel' });
  }
  const maxSymbolsPerConnection = options.maxSymbolsPerConnection ?? OKX_VENUE.limits.maxBookChannelsPerConnection;
  if (!Number.isSafeInteger(maxSymbolsPerConnection) || maxSymbolsPerConnection < 1) {
    throw new ConfigError('invalid-value', `maxSymbolsPerConnection must be an integer >= 1, not ${String(maxSymbolsPerConnection)}`, { key: 'maxSymbolsPerConnection' });
  }
  if (options.requestTimeoutMs !== undefined && !(Number.isFinite(options.requestTimeoutMs) && options.requestTimeoutMs > 0)) {
    throw new ConfigError('invalid-value', `requestTimeoutMs must be a number > 0, not ${String(options.requestTimeoutMs)}`, { key: 'requestTimeoutMs' });
  }
  const idleBeforePingMs = options.idleBeforePingMs ?? OKX_VENUE.keepalive.idleBeforePingMs;
  // OKX cuts a connection idle for 30 s: a later ping would come after the cut.
  if (!(Number.isFinite(idleBeforePingMs) && idleBeforePingMs > 0 && idleBeforePingMs < OKX_VENUE.keepalive.serverIdleCloseMs)) {
    throw new ConfigError(
      'invalid-value',
      `idleBeforePingMs must be > 0 and below OKX's ${OKX_VENUE.keepalive.serverIdleCloseMs} ms idle cut, not ${String(idleBeforePingMs)}`,
      { key: 'idleBeforePingMs' },
    );
  }
  return {
    restUrl: endpointUrl(options.restUrl ?? OKX_VENUE.restUrl, 'rest', 'restUrl'),
    wsUrl: endpointUrl(options.wsUrl ?? OKX_VENUE.wsUrl, 'ws', 'wsUrl'),
    channel,
    maxSymbolsPerConnection,
    requestTimeoutMs: options.requestTimeoutMs,
    idleBeforePingMs,
  };
}
