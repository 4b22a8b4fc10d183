import { OpenStreams } from '@lob/connector-kit';
import type { Connector, StreamConnection, StreamListener, StreamMessage, StreamSnapshots, SymbolList } from '@lob/core';
import { resolveBybitOptions, type BybitConnectorOptions } from './connector-options.js';
import { BYBIT_VENUE, normalizeBybitSymbol, type BybitCategory } from './bybit-venue.js';
import { bybitSequencingRules } from './sequencing.js';
import { openBybitStream } from './stream-client.js';
import { decodeBybitStreamMessage } from './stream-messages.js';
import { listBybitSymbols } from './symbol-listing.js';

export type { BybitConnectorOptions } from './connector-options.js';

/** The market name of each category: what events, views and the CLI call it. */
export type BybitMarket = `bybit-${BybitCategory}`;

/** A Connector for one category of Bybit's public order books. */
export interface BybitConnector extends Connector {
  readonly exchange: 'bybit';
  readonly market: BybitMarket;
  readonly category: BybitCategory;
  readonly restUrl: string;
  readonly wsUrl: string;
  /** The subscribed depth (`orderbook.{depth}.{symbol}`). */
  readonly depth: number;
  readonly snapshots: StreamSnapshots;
  /** Every symbol of the category whose status is Trading. */
  listSymbols(signal: AbortSignal): Promise<SymbolList>;
  /** Closes every stream connection this connector opened that is still open. */
  close(): Promise<void>;
}

/**
 * Builds the Bybit Connector for one category: snapshots come in the stream (a subscription's first push, and again
 * with `u == 1` when Bybit's service restarted), continuity is the per-symbol `u` chain, a resync unsubscribes and
 * subscribes that one symbol on its connection, and Bybit keeps the subscribed window itself. Invalid options throw
 * ConfigError naming the option.
 */
export function createBybitConnector(options: BybitConnectorOptions): BybitConnector {
  const resolved = resolveBybitOptions(options);
  const { category, restUrl, wsUrl, depth, pingIntervalMs, requestTimeoutMs } = resolved;
  // A resync is unsubscribe + subscribe: Bybit refuses a subscribe of a topic the connection already has ("already
  // subscribed"); only unsubscribing first brings a fresh snapshot, and nothing of the old subscription trails after it.
  const open = new OpenStreams();

  return {
    exchange: 'bybit',
    market: `bybit-${category}`,
    category,
    restUrl,
    wsUrl,
    depth,
    maxSymbolsPerConnection: resolved.maxSymbolsPerConnection,
    rules: bybitSequencingRules,
    hasUpdateIds: true,
    snapshots: { kind: 'stream' },
    depthWindow: BYBIT_VENUE.depthWindow,
    normalizeSymbol: normalizeBybitSymbol,
    openStream(symbols: readonly string[], listener: StreamListener): StreamConnection {
      return open.open(listener, (relay) => openBybitStream({ url: wsUrl, depth, symbols, pingIntervalMs }, relay));
    },
    decode(frame: string): StreamMessage {
      return decodeBybitStreamMessage(frame);
    },
    listSymbols(signal: AbortSignal): Promise<SymbolList> {
      return listBybitSymbols({ baseUrl: restUrl, category, timeoutMs: requestTimeoutMs }, signal);
    },
    close(): Promise<void> {
      open.closeAll();
      return Promise.resolve();
    },
  };
}
