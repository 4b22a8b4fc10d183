import type { StreamConnection, StreamListener } from '@lob/core';
import { watchSocket } from '@lob/connector-kit';
import WebSocket from 'ws';
import { BYBIT_VENUE, orderbookTopic } from './bybit-venue.js';
import { Keepalive } from './keepalive.js';
import { RefusalRetry } from './refusal-retry.js';
import { subscribeRequests, type BybitSubscribeOp } from './subscribe-requests.js';

/** How one Bybit public WebSocket is opened and kept. */
export interface BybitStreamOptions {
  /** WebSocket URL of one category, path included. */
  readonly url: string;
  /** Order-book depth every symbol is subscribed at. */
  readonly depth: number;
  /** Symbols subscribed as soon as the connection opens. */
  readonly symbols?: readonly string[];
  readonly handshakeTimeoutMs?: number;
  /** Interval of `{"op":"ping"}` (default 20 000, Bybit's advice). */
  readonly pingIntervalMs?: number;
  /** Topics per subscribe/unsubscribe request (default 10, Bybit spot's limit). */
  readonly argsPerRequest?: number;
}

/** One open Bybit connection: its subscriptions can change while it runs. */
export interface BybitStreamConnection extends StreamConnection {
  /** Subscribes the order-book topics of these symbols. */
  subscribe(symbols: readonly string[]): void;
  /** Unsubscribes them; followed by `subscribe`, it resyncs one book without touching the others. */
  unsubscribe(symbols: readonly string[]): void;
}

// Both shapes of Bybit's answer to our ping: {"success":true,"ret_msg":"pong",...,"op":"ping"} and {"op":"pong",...}.
// Only short frames are looked at, so a book push is never scanned for it.
const PONG = /"ret_msg"\s*:\s*"pong"|"op"\s*:\s*"pong"/;
const PONG_MAX_LENGTH = 256;

/**
 * Opens one Bybit public WebSocket and reports to the listener: onOpen once open (initial subscriptions sent),
 * onFrame for every text frame but the answer to our ping, onAlive for that answer and WebSocket pings/pongs,
 * onClose exactly once.
 */
export function openBybitStream(options: BybitStreamOptions, listener: StreamListener): BybitStreamConnection {
  const argsPerRequest = options.argsPerRequest ?? BYBIT_VENUE.limits.argsPerRequest;
  const socket = new WebSocket(options.url, { handshakeTimeout: options.handshakeTimeoutMs ?? 10_000, perMessageDeflate: false });
  const send = (text: string): void => {
    if (socket.readyState === WebSocket.OPEN) socket.send(text);
  };
  const retry = new RefusalRetry();
  const request = (op: BybitSubscribeOp, symbols: readonly string[]): void => {
    for (let i = 0; i < symbols.length; i += argsPerRequest) {
      const batch = symbols.slice(i, i + argsPerRequest);
      const topics = batch.map((symbol) => orderbookTopic(options.depth, symbol));
      const reqId = op === 'subscribe' ? retry.track(batch) : undefined;
      for (const text of subscribeRequests(op, topics, argsPerRequest, reqId)) send(text);
    }
  };
  const keepalive = new Keepalive(options.pingIntervalMs ?? BYBIT_VENUE.keepalive.pingIntervalMs, () => send(BYBIT_VENUE.keepalive.ping));
  const life = watchSocket(socket, listener, () => keepalive.stop());

  socket.on('open', () => {
    if (life.ended) return;
    request('subscribe', options.symbols ?? []);
    keepalive.start();
    listener.onOpen();
  });
  socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    if (life.ended) return;
    // Bybit sends text only; anything else still proves the connection alive.
    if (isBinary) return listener.onAlive?.();
    const text = (data as Buffer).toString('utf8');
    if (text.length <= PONG_MAX_LENGTH && PONG.test(text)) return listener.onAlive?.();
    // Bybit refuses a whole subscribe request for one bad topic: the others it carried are asked for again at once
    // rather than after the feed's snapshot wait. The frame still goes to the feed, which marks the named ones.
    const again = retry.onReply(text);
    listener.onFrame(text);
    if (again.length > 0 && !life.ended) request('subscribe', again);
  });

  return {
    subscribe(symbols: readonly string[]): void {
      if (!life.ended) request('subscribe', symbols);
    },
    unsubscribe(symbols: readonly string[]): void {
      if (!life.ended) request('unsubscribe', symbols);
    },
    close(reason = 'closed by client'): void {
      life.close(reason);
    },
  };
}
