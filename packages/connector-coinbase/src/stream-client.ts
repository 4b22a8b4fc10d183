import type { StreamConnection, StreamListener } from '@lob/core';
import { WindowPacer, watchSocket } from '@lob/connector-kit';
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
  /** Paces every message sent (share one between the connections on an IP; default: one of its own). */
  readonly pacer?: WindowPacer;
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

  const pacer = options.pacer ?? new WindowPacer(COINBASE_VENUE.messageBudget);
  const send = (text: string): void =>
    pacer.enqueue(() => {
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
    });
  // Requests made in one turn (a sequence gap resubscribes every product of the connection, one by one) go out as
  // one unsubscribe then one subscribe naming them all: 2 messages of Coinbase's 8 a second instead of 2 a product.
  // Unsubscribe-then-subscribe (a resubscription) stays that; a subscribe taken back in the same turn is dropped.
  const unsubscribing = new Set<string>();
  const subscribing = new Set<string>();
  let flushing = false;
  const request = (type: 'subscribe' | 'unsubscribe', productIds: readonly string[]): void => {
    if (life.ended || productIds.length === 0) return;
    for (const id of productIds) {
      if (type === 'subscribe') subscribing.add(id);
      else {
        subscribing.delete(id);
        unsubscribing.add(id);
      }
    }
    if (flushing) return;
    flushing = true;
    queueMicrotask(() => {
      flushing = false;
      if (unsubscribing.size > 0) send(bookRequest('unsubscribe', [...unsubscribing]));
      if (subscribing.size > 0) send(bookRequest('subscribe', [...subscribing]));
      unsubscribing.clear();
      subscribing.clear();
    });
  };

  const life = watchSocket(socket, listener, () => delivery.close());

  socket.on('open', () => {
    if (life.ended) return;
    send(heartbeatsRequest());
    request('subscribe', options.productIds);
    listener.onOpen();
  });
  socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    if (life.ended) return;
    // Coinbase sends text only; anything else still proves the connection alive.
    if (isBinary || !Buffer.isBuffer(data)) return listener.onAlive?.();
    if (data.length >= offThreadBytes) {
      // The bytes move to the worker: a listener that records frames gets their text copied first.
      const text = listener.wantsFrameText === true ? data.toString('utf8') : undefined;
      return delivery.decoded(options.decoder!.decode(data), text);
    }
    delivery.frame(data.toString('utf8'));
  });

  return {
    subscribe(productIds: readonly string[]): void {
      request('subscribe', productIds);
    },
    unsubscribe(productIds: readonly string[]): void {
      request('unsubscribe', productIds);
    },
    close(reason = 'closed by client'): void {
      life.close(reason);
    },
  };
}
