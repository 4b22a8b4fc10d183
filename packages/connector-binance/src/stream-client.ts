import { LobError, type StreamConnection, type StreamListener } from '@lob/core';
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

/** How long a close handshake may take before the socket is cut (ws would wait 30 s for a peer that stopped reading). */
const CLOSE_GRACE_MS = 2_000;

/** An error from the WebSocket handshake, carrying the server's Retry-After when it sent one. */
export class HandshakeError extends LobError<'handshake-refused'> {
  constructor(
    message: string,
    readonly status: number,
    readonly retryAfterMs: number | undefined,
  ) {
    super('handshake-refused', message);
  }
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
  let ended = false;
  let pingTimer: NodeJS.Timeout | undefined;
  let failure: Error | undefined;
  const send = (text: string): void => {
    if (socket.readyState === WebSocket.OPEN) socket.send(text);
  };
  const subscriber = new StreamSubscriber(send, {
    ...(options.streamsPerSubscribe === undefined ? {} : { streamsPerSubscribe: options.streamsPerSubscribe }),
    ...(options.subscribeIntervalMs === undefined ? {} : { intervalMs: options.subscribeIntervalMs }),
  });

  const end = (reason: string): void => {
    if (ended) return;
    ended = true;
    subscriber.stop();
    clearInterval(pingTimer);
    listener.onClose(reason, failure);
  };

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
    if (ended) return;
    listener.onFrame(isBinary ? '' : subscriber.onFrame((data as Buffer).toString('utf8')));
  });
  // ws answers the server's pings by itself; both directions only need to count as life here.
  socket.on('ping', () => {
    if (!ended) listener.onAlive?.();
  });
  socket.on('pong', () => {
    if (!ended) listener.onAlive?.();
  });
  socket.on('unexpected-response', (_request, response) => {
    const seconds = Number(response.headers['retry-after']);
    failure = new HandshakeError(
      `handshake refused with HTTP ${response.statusCode ?? 0}`,
      response.statusCode ?? 0,
      Number.isFinite(seconds) ? seconds * 1000 : undefined,
    );
    response.resume();
    socket.terminate();
    end('handshake refused');
  });
  socket.on('error', (error: Error) => {
    failure ??= error;
    end('socket error');
  });
  socket.on('close', (code: number, reason: Buffer) => {
    end(`closed by server (code ${code}${reason.length > 0 ? `, ${reason.toString()}` : ''})`);
  });

  return {
    close(reason = 'closed by client'): void {
      if (ended) return;
      end(reason);
      if (socket.readyState === WebSocket.CONNECTING) return socket.terminate();
      socket.close(1000);
      // A server that stopped reading (the very case silence detection is for) never answers the close frame.
      const cut = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
      cut.unref();
      socket.once('close', () => clearTimeout(cut));
    },
  };
}
