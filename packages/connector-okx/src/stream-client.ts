import type { StreamConnection, StreamListener } from '@lob/core';
import { WindowPacer, watchSocket } from '@lob/connector-kit';
import WebSocket from 'ws';
import { Keepalive } from './keepalive.js';
import { OKX_VENUE } from './okx-venue.js';
import { subscribeRequests } from './subscribe-requests.js';

/** How one OKX public WebSocket is opened and kept. */
export interface OkxStreamOptions {
  /** WebSocket URL (default OKX_VENUE.wsUrl). */
  readonly url?: string;
  /** Order-book channel every instId is subscribed on (default OKX_VENUE.defaultChannel). */
  readonly channel?: string;
  /** InstIds subscribed as soon as the connection opens. */
  readonly instIds?: readonly string[];
  readonly handshakeTimeoutMs?: number;
  /** Silence before the text `ping` (default 25 000: OKX closes a connection idle for 30 s). */
  readonly idleBeforePingMs?: number;
  /** Silence after our `ping` before the connection is closed as dead (default: idleBeforePingMs). */
  readonly pongTimeoutMs?: number;
  /** Largest subscribe/unsubscribe request in bytes (default 64 KB, OKX's limit). */
  readonly maxRequestBytes?: number;
  /** Subscribe/unsubscribe requests per window (default 480, OKX's limit per connection). */
  readonly requestsPerWindow?: number;
  /** That window in ms (default one hour). */
  readonly requestWindowMs?: number;
}

/** One open OKX connection: its subscriptions can change while it runs. */
export interface OkxStreamConnection extends StreamConnection {
  /** Subscribes these instIds (in as few requests as OKX's size limit allows, paced by the request budget). */
  subscribe(instIds: readonly string[]): void;
  /** Unsubscribes these instIds; followed by `subscribe`, it resyncs one book without touching the others. */
  unsubscribe(instIds: readonly string[]): void;
}

/**
 * Opens one OKX public WebSocket and reports to the listener: onOpen once open (initial subscriptions sent),
 * onFrame for every text frame but OKX's `pong`, onAlive for `pong` and WebSocket pings/pongs, onClose exactly once.
 */
export function openOkxStream(options: OkxStreamOptions, listener: StreamListener): OkxStreamConnection {
  const channel = options.channel ?? OKX_VENUE.defaultChannel;
  const maxBytes = options.maxRequestBytes ?? OKX_VENUE.limits.maxSubscribeRequestBytes;
  const idleBeforePingMs = options.idleBeforePingMs ?? OKX_VENUE.keepalive.idleBeforePingMs;
  const socket = new WebSocket(options.url ?? OKX_VENUE.wsUrl, { handshakeTimeout: options.handshakeTimeoutMs ?? 10_000, perMessageDeflate: false });

  const send = (text: string): void => {
    if (socket.readyState === WebSocket.OPEN) socket.send(text);
  };
  // OKX refuses (or ignores) requests over its hourly budget: over it they wait; nothing goes before the socket opens.
  const pacer = new WindowPacer(
    { limit: options.requestsPerWindow ?? OKX_VENUE.limits.subscribeRequestsPerHourPerConnection, windowMs: options.requestWindowMs ?? 3_600_000 },
    { paused: true },
  );
  const request = (texts: readonly string[]): void => pacer.enqueue(...texts.map((text) => () => send(text)));
  const keepalive = new Keepalive(
    { idleBeforePingMs, pongTimeoutMs: options.pongTimeoutMs ?? idleBeforePingMs },
    () => send(OKX_VENUE.keepalive.ping),
    (reason) => life.cut(reason),
  );
  const heardAlive = (): void => {
    if (life.ended) return;
    keepalive.heard();
    listener.onAlive?.();
  };
  const life = watchSocket(socket, { onAlive: heardAlive, onClose: (reason, error) => listener.onClose(reason, error) }, () => {
    pacer.stop();
    keepalive.stop();
  });

  request(subscribeRequests('subscribe', channel, options.instIds ?? [], maxBytes));

  socket.on('open', () => {
    if (life.ended) return;
    pacer.start();
    keepalive.heard();
    listener.onOpen();
  });
  socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    if (life.ended) return;
    // OKX sends text only (no compression is negotiated); anything else still proves the connection alive.
    if (isBinary) return heardAlive();
    const text = (data as Buffer).toString('utf8');
    if (text === OKX_VENUE.keepalive.pong) return heardAlive();
    keepalive.heard();
    listener.onFrame(text);
  });

  return {
    subscribe(instIds: readonly string[]): void {
      if (!life.ended) request(subscribeRequests('subscribe', channel, instIds, maxBytes));
    },
    unsubscribe(instIds: readonly string[]): void {
      if (!life.ended) request(subscribeRequests('unsubscribe', channel, instIds, maxBytes));
    },
    close(reason = 'closed by client'): void {
      life.close(reason);
    },
  };
}
