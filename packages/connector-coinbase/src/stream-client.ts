import type { StreamConnection, StreamListener } from '@lob/core';
import { watchSocket } from '@lob/connector-kit';
import WebSocket from 'ws';
import { COINBASE_VENUE } from './coinbase-venue.js';
import { OrderedDelivery } from './ordered-delivery.js';
import type { OffThreadDecoder } from './snapshot-worker.js';
import { bookRequest, heartbeatsRequest } from './subscribe-requests.js';

/** How one Advanced Trade market-data WebSocket is opened. */
export interface CoinbaseStreamOptions {
  /** WebSocket URL (default COINBASE_VENUE.wsUrl). */
  readonly url?: string;
  /** Products subscribed on level2 as soon as the connection opens (with the heartbeats channel). */
  readonly productIds: readonly string[];
  readonly handshakeTimeoutMs?: number;
  /** Frames at least this long go to `decoder` (default: none). */
  readonly offThreadFrameBytes?: number;
  /** Decodes large frames off the main thread; without it every frame goes to core as text. */
  readonly decoder?: OffThreadDecoder;
}

/** One open Coinbase connection: its level2 subscriptions can change while it runs. */
export interface CoinbaseStreamConnection extends StreamConnection {
  /** Subscribes these products on level2: each answers with a snapshot. */
  subscribe(productIds: readonly string[]): void;
  /** Unsubscribes these products; followed by `subscribe`, it resyncs their books without touching the others. */
  unsubscribe(productIds: readonly string[]): void;
}

/**
 * Opens one Advanced Trade WebSocket and reports to the listener: onOpen once open (heartbeats and level2 subscribed:
 * Coinbase closes a connection that has not subscribed within 5 s), every text frame in arrival order (large ones
 * decoded off the main thread and delivered as messages), ws pings and pongs as onAlive, onClose exactly once.
 */
export function openCoinbaseStream(options: CoinbaseStreamOptions, listener: StreamListener): CoinbaseStreamConnection {
  const socket = new WebSocket(options.url ?? COINBASE_VENUE.wsUrl, { handshakeTimeout: options.handshakeTimeoutMs ?? 10_000, perMessageDeflate: false });
  const delivery = new OrderedDelivery(listener);
  const offThreadBytes = options.decoder === undefined || listener.onMessage === undefined ? Infinity : (options.offThreadFrameBytes ?? Infinity);

  const send = (text: string): void => {
    if (socket.readyState === WebSocket.OPEN) socket.send(text);
  };
  const life = watchSocket(socket, listener, () => delivery.close());

  socket.on('open', () => {
    if (life.ended) return;
    send(heartbeatsRequest());
    if (options.productIds.length > 0) send(bookRequest('subscribe', options.productIds));
    listener.onOpen();
  });
  socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    if (life.ended) return;
    // Coinbase sends text only; anything else still proves the connection alive.
    if (isBinary || !Buffer.isBuffer(data)) return listener.onAlive?.();
    if (data.length >= offThreadBytes) return delivery.decoded(options.decoder!.decode(data));
    delivery.frame(data.toString('utf8'));
  });

  return {
    subscribe(productIds: readonly string[]): void {
      if (!life.ended && productIds.length > 0) send(bookRequest('subscribe', productIds));
    },
    unsubscribe(productIds: readonly string[]): void {
      if (!life.ended && productIds.length > 0) send(bookRequest('unsubscribe', productIds));
    },
    close(reason = 'closed by client'): void {
      life.close(reason);
    },
  };
}
