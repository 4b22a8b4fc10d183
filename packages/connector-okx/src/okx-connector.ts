import { OpenStreams } from '@lob/connector-kit';
import type { Connector, StreamConnection, StreamListener, StreamMessage, StreamSnapshots, SymbolList } from '@lob/core';
import { resolveOkxOptions, type OkxConnectorOptions } from './connector-options.js';
import { normalizeInstId, OKX_VENUE, type OkxBookChannel } from './okx-venue.js';
import { okxSequencingRules } from './sequencing.js';
import { openOkxStream } from './stream-client.js';
import { decodeOkxStreamMessage } from './stream-messages.js';
import { listOkxSymbols } from './symbol-listing.js';

export type { OkxConnectorOptions } from './connector-options.js';

/** A Connector for OKX's public order books (any instrument type on one channel). */
export interface OkxConnector extends Connector {
  readonly exchange: 'okx';
  readonly market: 'okx';
  readonly restUrl: string;
  readonly wsUrl: string;
  readonly channel: OkxBookChannel;
  readonly snapshots: StreamSnapshots;
  /** Every live instId: SPOT, SWAP, FUTURES, and OPTION family by family. */
  listSymbols(signal: AbortSignal): Promise<SymbolList>;
  /** Closes every stream connection this connector opened that is still open. */
  close(): Promise<void>;
}

/**
 * Builds the OKX Connector: snapshots come in the stream (a subscription's first message), continuity is proven by
 * the seqId/prevSeqId chain where OKX sends it and by the checksum on every message, a resync unsubscribes and
 * subscribes that one instId on its connection, and OKX keeps the 400-level window itself. Invalid options throw
 * ConfigError naming the option.
 */
export function createOkxConnector(options?: OkxConnectorOptions): OkxConnector {
  const resolved = resolveOkxOptions(options);
  const { restUrl, wsUrl, channel, idleBeforePingMs, requestTimeoutMs } = resolved;
  // A resync is unsubscribe + subscribe: OKX answers a second subscribe of a live channel with another snapshot;
  // unsubscribing first makes sure the fresh snapshot is the only one and that nothing of the old subscription trails.
  const open = new OpenStreams();

  return {
    exchange: 'okx',
    market: 'okx',
    restUrl,
    wsUrl,
    channel,
    maxSymbolsPerConnection: resolved.maxSymbolsPerConnection,
    // OKX: 3 connection requests a second per IP.
    connectionRate: { burst: OKX_VENUE.limits.connectionsPerSecondPerIp, intervalMs: Math.ceil(1000 / OKX_VENUE.limits.connectionsPerSecondPerIp) },
    rules: okxSequencingRules,
    hasUpdateIds: true,
    snapshots: { kind: 'stream' },
    depthWindow: OKX_VENUE.depthWindow,
    normalizeSymbol: normalizeInstId,
    openStream(symbols: readonly string[], listener: StreamListener): StreamConnection {
      return open.open(listener, (relay) => openOkxStream({ url: wsUrl, channel, instIds: symbols, idleBeforePingMs }, relay));
    },
    decode(frame: string): StreamMessage {
      return decodeOkxStreamMessage(frame);
    },
    listSymbols(signal: AbortSignal): Promise<SymbolList> {
      return listOkxSymbols({ baseUrl: restUrl, timeoutMs: requestTimeoutMs }, signal);
    },
    close(): Promise<void> {
      open.closeAll();
      return Promise.resolve();
    },
  };
}
