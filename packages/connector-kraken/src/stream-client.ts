import { ConfigError, type StreamConnection, type StreamListener } from '@lob/core';
import { watchSocket } from '@lob/connector-kit';
import WebSocket from 'ws';
import { readControlFrame } from './control-frame.js';
import { KRAKEN_SPOT, isKrakenBookDepth, pingRequest, protocolOfUrl, subscribeRequest, unsubscribeRequest, type KrakenBookDepth } from './kraken-venue.js';
import { ResyncSequencer } from './resync-sequencer.js';

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
  resubscribePair(pair: string): boolean;
  /**
   * Resyncs these pairs, each on its own (core's StreamConnection contract). Core asks again only after its snapshot
   * wait ran out, so a pair still waiting for its unsubscribe answer then gets a fresh unsubscribe.
   */
  resubscribe(pairs: readonly string[]): void;
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
  let pingTimer: NodeJS.Timeout | undefined;

  const isOpen = (): boolean => !life.ended && socket.readyState === WebSocket.OPEN;
  const sendBook = (method: 'subscribe' | 'unsubscribe', pairs: readonly string[]): number => {
    const reqId = nextReqId++;
    if (isOpen()) socket.send(method === 'subscribe' ? subscribeRequest(protocol, pairs, depth, reqId) : unsubscribeRequest(protocol, pairs, depth, reqId));
    return reqId;
  };
  const resync = new ResyncSequencer((method, pair) => sendBook(method, [pair]));

  const life = watchSocket(socket, listener, () => {
    clearInterval(pingTimer);
    resync.cancel();
  });

  socket.on('open', () => {
    if (life.ended) return;
    if (atOpen.size > 0) sendBook('subscribe', [...atOpen]);
    const every = options.pingIntervalMs ?? 15_000;
    if (every > 0) pingTimer = setInterval(() => isOpen() && socket.send(pingRequest(protocol, nextReqId++)), every);
    listener.onOpen();
  });
  socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    if (life.ended || isBinary) return; // Kraken sends text only
    const frame = (data as Buffer).toString('utf8');
    const control = readControlFrame(frame, protocol);
    if (control?.kind === 'answer') resync.onAnswer(control);
    listener.onFrame(frame);
    if (control?.kind === 'alive' && !life.ended) listener.onAlive?.();
  });

  return {
    close(reason = 'closed by client'): void {
      life.close(reason);
    },
    subscribe(pairs: readonly string[]): void {
      if (life.ended || pairs.length === 0) return;
      if (socket.readyState === WebSocket.CONNECTING) pairs.forEach((pair) => atOpen.add(pair));
      else sendBook('subscribe', pairs);
    },
    unsubscribe(pairs: readonly string[]): void {
      if (life.ended || pairs.length === 0) return;
      pairs.forEach((pair) => resync.cancel(pair));
      if (socket.readyState === WebSocket.CONNECTING) pairs.forEach((pair) => atOpen.delete(pair));
      else sendBook('unsubscribe', pairs);
    },
    resubscribePair(pair: string): boolean {
      // Before the socket opens the subscribe at open brings a fresh snapshot anyway.
      if (!isOpen()) return false;
      return resync.start(pair);
    },
    resubscribe(pairs: readonly string[]): void {
      if (!isOpen()) return;
      for (const pair of pairs) resync.restart(pair);
    },
  };
}
