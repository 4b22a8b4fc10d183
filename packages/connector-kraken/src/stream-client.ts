import { ConfigError, LobError, type StreamConnection, type StreamListener } from '@lob/core';
import WebSocket from 'ws';
import { readControlFrame } from './control-frame.js';
import { KRAKEN_SPOT, isKrakenBookDepth, pingRequest, protocolOfUrl, subscribeRequest, unsubscribeRequest, type KrakenBookDepth } from './kraken-venue.js';
import { ResyncSequencer } from './resync-sequencer.js';
import { retryAfterMsOf } from './retry-after.js';

/** How one Kraken book connection is opened. */
export interface KrakenStreamOptions {
  /** wss://ws.kraken.com/v2 (v2) or wss://ws.kraken.com (v1): the path picks the protocol (protocolOfUrl). */
  readonly url: string;
  /** Pairs in lob's spelling (BTC/USD), subscribed in one request once the socket is open. */
  readonly pairs: readonly string[];
  /** Book depth per side (default 1000). */
  readonly depth?: KrakenBookDepth;
  /**
   * Our protocol ping every this many ms (default 15 000; 0: none). A subscribed connection hears a heartbeat about
   * every second anyway; the ping is the round-trip proof for a connection with nothing subscribed, and 15 s stays
   * well inside the 60 s idle cut of common proxies while costing little of Kraken's per-connection message rate.
   */
  readonly pingIntervalMs?: number;
  readonly handshakeTimeoutMs?: number;
}

/** One open Kraken connection: core's StreamConnection plus per-pair subscription control. */
export interface KrakenStreamConnection extends StreamConnection {
  /** Subscribes more pairs at the connection's depth. */
  subscribe(pairs: readonly string[]): void;
  /** Ends the book subscription of these pairs (and any resync of them still waiting). */
  unsubscribe(pairs: readonly string[]): void;
  /** Resyncs one pair: unsubscribe, then subscribe once Kraken answers; false when one is under way or the socket is not open. */
  resubscribe(pair: string): boolean;
}

/** How long a close handshake may take before the socket is cut (ws would wait 30 s for a peer that stopped reading). */
const CLOSE_GRACE_MS = 2_000;

/** The WebSocket handshake was refused; carries the HTTP status and the server's Retry-After when it sent one. */
export class KrakenHandshakeError extends LobError<'handshake-refused'> {
  constructor(
    message: string,
    readonly status: number,
    readonly retryAfterMs: number | undefined,
  ) {
    super('handshake-refused', message);
  }
}

/**
 * Opens one Kraken book WebSocket (v1 or v2, as the URL says) and reports to the listener: every text frame, pongs,
 * heartbeats and ws-level pings/pongs as signs of life, and its end exactly once. Throws ConfigError on a URL or
 * depth Kraken does not serve.
 */
export function openKrakenStream(options: KrakenStreamOptions, listener: StreamListener): KrakenStreamConnection {
  const protocol = protocolOfUrl(options.url);
  const depth = options.depth ?? KRAKEN_SPOT.defaultDepth;
  if (!isKrakenBookDepth(depth)) throw new ConfigError('invalid-value', `depth ${String(depth)} is not one Kraken offers (${KRAKEN_SPOT.depths.join(', ')})`, { key: 'depth' });

  const socket = new WebSocket(options.url, { handshakeTimeout: options.handshakeTimeoutMs ?? 10_000, perMessageDeflate: false });
  // Pairs to subscribe when the socket opens; calls made while connecting only change this set.
  const atOpen = new Set(options.pairs);
  let nextReqId = 1;
  let ended = false;
  let failure: Error | undefined;
  let pingTimer: NodeJS.Timeout | undefined;

  const isOpen = (): boolean => !ended && socket.readyState === WebSocket.OPEN;
  const sendBook = (method: 'subscribe' | 'unsubscribe', pairs: readonly string[]): number => {
    const reqId = nextReqId++;
    if (isOpen()) socket.send(method === 'subscribe' ? subscribeRequest(protocol, pairs, depth, reqId) : unsubscribeRequest(protocol, pairs, depth, reqId));
    return reqId;
  };
  const resync = new ResyncSequencer((method, pair) => sendBook(method, [pair]));

  const end = (reason: string): void => {
    if (ended) return;
    ended = true;
    clearInterval(pingTimer);
    resync.cancel();
    listener.onClose(reason, failure);
  };

  socket.on('open', () => {
    if (ended) return;
    if (atOpen.size > 0) sendBook('subscribe', [...atOpen]);
    const every = options.pingIntervalMs ?? 15_000;
    if (every > 0) pingTimer = setInterval(() => isOpen() && socket.send(pingRequest(protocol, nextReqId++)), every);
    listener.onOpen();
  });
  socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    if (ended || isBinary) return; // Kraken sends text only
    const frame = (data as Buffer).toString('utf8');
    const control = readControlFrame(frame, protocol);
    if (control?.kind === 'answer') resync.onAnswer(control);
    listener.onFrame(frame);
    if (control?.kind === 'alive' && !ended) listener.onAlive?.();
  });
  // ws answers the server's pings by itself; both directions only need to count as life here.
  socket.on('ping', () => !ended && listener.onAlive?.());
  socket.on('pong', () => !ended && listener.onAlive?.());
  socket.on('unexpected-response', (_request, response) => {
    const status = response.statusCode ?? 0;
    failure = new KrakenHandshakeError(`handshake refused with HTTP ${status}`, status, retryAfterMsOf(response.headers['retry-after']));
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
      // A server that stopped reading never answers the close frame.
      const cut = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
      cut.unref();
      socket.once('close', () => clearTimeout(cut));
    },
    subscribe(pairs: readonly string[]): void {
      if (ended || pairs.length === 0) return;
      if (socket.readyState === WebSocket.CONNECTING) pairs.forEach((pair) => atOpen.add(pair));
      else sendBook('subscribe', pairs);
    },
    unsubscribe(pairs: readonly string[]): void {
      if (ended || pairs.length === 0) return;
      pairs.forEach((pair) => resync.cancel(pair));
      if (socket.readyState === WebSocket.CONNECTING) pairs.forEach((pair) => atOpen.delete(pair));
      else sendBook('unsubscribe', pairs);
    },
    resubscribe(pair: string): boolean {
      // Before the socket opens the subscribe at open brings a fresh snapshot anyway.
      if (!isOpen()) return false;
      return resync.start(pair);
    },
  };
}
