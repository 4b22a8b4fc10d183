import type { StreamConnection, StreamListener } from '@lob/core';
import { watchSocket } from '@lob/connector-kit';
import WebSocket from 'ws';
import { StreamSubscriber } from './stream-subscriber.js';

/** How one combined-stream connection is opened. */
export interface StreamClientOptions {
  /** WebSocket base URL plus the market's prefix, e.g. wss://fstream.binance.com/public. */
  readonly baseUrl: string;
  /** Stream names, e.g. btcusdt@depth@100ms. */
  readonly streams: readonly string[];
  /**
   * Streams named in the URL (default 100); the rest are sent as SUBSCRIBE messages (long URLs get refused). A server
   * may refuse the whole connection for one unknown stream in the URL, whereas a refused SUBSCRIBE names its request.
   */
  readonly streamsInUrl?: number;
  /** Streams per SUBSCRIBE message. */
  readonly streamsPerSubscribe?: number;
  /** Gap between SUBSCRIBE messages, under Binance's incoming message rate (5/s spot). */
  readonly subscribeIntervalMs?: number;
  readonly handshakeTimeoutMs?: number;
  /**
   * Our own ping every this many ms (default 10 000; 0: none). Binance futures ping only every 3 minutes, so on a
   * quiet connection the pongs to ours are what shows it alive.
   */
  readonly pingIntervalMs?: number;
}

/** The combined-stream URL naming the first streams, and the streams left to SUBSCRIBE to once connected. */
export function combinedStreamPlan(options: StreamClientOptions): { url: string; subscribeLater: readonly string[] } {
  const inUrl = options.streams.slice(0, options.streamsInUrl ?? 100);
  const query = inUrl.length === 0 ? '' : `?streams=${inUrl.join('/')}`;
  return { url: `${options.baseUrl}/stream${query}`, subscribeLater: options.streams.slice(inUrl.length) };
}

/**
 * Opens one combined-stream WebSocket and reports its frames and its end to the listener exactly once, and every
 * ping and pong as a sign of life. It pings the server itself, so a quiet connection still hears something.
 */
export function openCombinedStream(options: StreamClientOptions, listener: StreamListener): StreamConnection {
  const { url, subscribeLater: rest } = combinedStreamPlan(options);
  const socket = new WebSocket(url, { handshakeTimeout: options.handshakeTimeoutMs ?? 10_000, perMessageDeflate: false });
  let pingTimer: NodeJS.Timeout | undefined;
  const send = (text: string): void => {
    if (socket.readyState === WebSocket.OPEN) socket.send(text);
  };
  const subscriber = new StreamSubscriber(send, {
    ...(options.streamsPerSubscribe === undefined ? {} : { streamsPerSubscribe: options.streamsPerSubscribe }),
    ...(options.subscribeIntervalMs === undefined ? {} : { intervalMs: options.subscribeIntervalMs }),
  });
  const life = watchSocket(socket, listener, () => {
    subscriber.stop();
    clearInterval(pingTimer);
  });

  const startPinging = (): void => {
    const every = options.pingIntervalMs ?? 10_000;
    if (every <= 0) return;
    pingTimer = setInterval(() => {
      if (socket.readyState === WebSocket.OPEN) socket.ping();
    }, every);
  };

  socket.on('open', () => {
    subscriber.subscribe(rest);
    startPinging();
    listener.onOpen();
  });
  socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    if (life.ended) return;
    listener.onFrame(isBinary ? '' : subscriber.onFrame((data as Buffer).toString('utf8')));
  });

  return {
    close(reason = 'closed by client'): void {
      life.close(reason);
    },
  };
}
