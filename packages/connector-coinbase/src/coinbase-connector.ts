import { OpenStreams, WindowPacer } from '@lob/connector-kit';
import type { Connector, StreamConnection, StreamListener, StreamMessage, StreamSnapshots, SymbolList } from '@lob/core';
import { COINBASE_VENUE, normalizeProductId } from './coinbase-venue.js';
import { resolveCoinbaseOptions, type CoinbaseConnectorOptions } from './connector-options.js';
import { decodeCoinbaseFrame, toStreamMessage } from './frame-decoder.js';
import { scanCoinbaseL2Frame } from './frame-scanner.js';
import { listCoinbaseProducts } from './product-listing.js';
import { coinbaseSequencingRules } from './sequencing.js';
import { OffThreadDecoder } from './snapshot-worker.js';
import { openCoinbaseStream } from './stream-client.js';

/** A Connector for Coinbase Advanced Trade's public level2 books. */
export interface CoinbaseConnector extends Connector {
  readonly exchange: 'coinbase';
  readonly market: 'coinbase';
  readonly restUrl: string;
  readonly wsUrl: string;
  readonly snapshots: StreamSnapshots;
  /** Every product Coinbase lists as online. */
  listSymbols(signal: AbortSignal): Promise<SymbolList>;
  /** Closes every stream connection this connector opened that is still open, and the decoding worker. */
  close(): Promise<void>;
}

/**
 * Builds the Coinbase Connector: snapshots come in the stream (level2's first message per product, full depth),
 * continuity is proven by the connection-wide `sequence_num` (a gap resyncs every book on that connection), a resync
 * unsubscribes and subscribes that product on its connection, and large frames are decoded on a worker thread.
 * Invalid options throw ConfigError naming the option.
 */
export function createCoinbaseConnector(options?: CoinbaseConnectorOptions): CoinbaseConnector {
  const resolved = resolveCoinbaseOptions(options);
  const { restUrl, wsUrl, requestTimeoutMs, offThreadFrameBytes } = resolved;
  // A resync is unsubscribe + subscribe: unsubscribing first ends the old subscription, so the snapshot that answers
  // the subscribe is the next book message of that product and nothing of the old one trails after it. Resubscriptions
  // made in one turn (a connection-sequence gap) go out as one unsubscribe and one subscribe.
  const open = new OpenStreams();
  const decoder = Number.isFinite(offThreadFrameBytes) ? new OffThreadDecoder() : undefined;
  // Coinbase counts a client's messages per IP: every connection of this connector draws on one budget.
  const pacer = new WindowPacer(COINBASE_VENUE.messageBudget);

  return {
    exchange: 'coinbase',
    market: 'coinbase',
    restUrl,
    wsUrl,
    maxSymbolsPerConnection: resolved.maxSymbolsPerConnection,
    rules: coinbaseSequencingRules,
    hasUpdateIds: false,
    snapshots: { kind: 'stream' },
    depthWindow: COINBASE_VENUE.depthWindow,
    normalizeSymbol: normalizeProductId,
    openStream(symbols: readonly string[], listener: StreamListener): StreamConnection {
      return open.open(listener, (relay) =>
        openCoinbaseStream({ url: wsUrl, productIds: symbols, offThreadFrameBytes, pacer, ...(decoder === undefined ? {} : { decoder }) }, relay),
      );
    },
    decode(frame: string): StreamMessage {
      // l2_data messages in Coinbase's usual shape take the one-pass scanner; everything else the full decoder.
      const event = scanCoinbaseL2Frame(frame);
      return event === undefined ? decodeCoinbaseFrame(frame) : toStreamMessage(event);
    },
    listSymbols(signal: AbortSignal): Promise<SymbolList> {
      return listCoinbaseProducts({ baseUrl: restUrl, timeoutMs: requestTimeoutMs }, signal);
    },
    close(): Promise<void> {
      open.closeAll();
      decoder?.close();
      pacer.stop();
      return Promise.resolve();
    },
  };
}
