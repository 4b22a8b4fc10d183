import { createChunkedBook } from '@lob/book-chunked';
import { BookReplica, ReplicaError } from '@lob/book-stream';
import type { ExactDepth, OrderBook } from '@lob/core';
import WebSocket from 'ws';
import type { StreamMessage } from './stream-messages.js';

/** Where a mirror stands: only `live` means the copy equals lob's book at `seq`. */
export type MirrorState = 'connecting' | 'waiting' | 'live' | 'closed';

/** A remote copy of one of lob's books, kept from the `/stream` diff stream. */
export interface MirroredBook {
  readonly market: string;
  readonly symbol: string;
  readonly state: MirrorState;
  /** The copy's levels; exact while `live`. */
  readonly book: OrderBook;
  /** The stream's change number of the copy. */
  readonly seq: number;
  readonly lastUpdateId: number | undefined;
  readonly checksum: number | undefined;
  readonly exactDepth: ExactDepth;
  /**
   * Times of what lob's book last took in, as the stream sent them (ms since the epoch, µs precision; null where
   * unknown, `eventTime` where the venue stamps none): the exchange's event time, lob's receipt, lob's apply.
   */
  readonly eventTime: number | null;
  readonly receivedAt: number | null;
  readonly appliedAt: number | null;
  /** Snapshots taken: the first, and one after each resync, reconnect or gap. */
  readonly snapshots: number;
  /** Connections opened. */
  readonly connections: number;
}

/** What a mirror can be told to do. */
export interface MirrorOptions {
  /** Called after every change of the copy or its state, synchronously. */
  readonly onChange?: (mirror: MirroredBook) => void;
  /** Called when the copy is dropped and fetched again (a gap the stream itself shows). */
  readonly onError?: (error: ReplicaError) => void;
  /** Wait before reconnecting after the connection is lost (default 500 ms). */
  readonly reconnectDelayMs?: number;
  /** Extra headers for the WebSocket (an Origin on lob's allow-list, say). */
  readonly headers?: Record<string, string>;
}

/** A running mirror: its current copy, and how to stop it. */
export interface MirrorHandle {
  readonly current: MirroredBook;
  close(): Promise<void>;
}

/**
 * Keeps an exact copy of lob's book `venue`/`symbol` from lob's `/stream` at `url` (`http://127.0.0.1:8080` or a
 * `ws://` URL): a snapshot, then every change in order (checked by `seq`); on a resync notice the copy waits for the
 * next snapshot; on a lost connection or a missing change it reconnects and starts from a new snapshot.
 */
export function mirrorBook(url: string, venue: string, symbol: string, options: MirrorOptions = {}): MirrorHandle {
  const endpoint = `${url.replace(/^http/, 'ws').replace(/\/$/, '')}/stream?symbols=${encodeURIComponent(`${venue}:${symbol}`)}&mode=diff`;
  const replica = new BookReplica(venue, symbol, createChunkedBook());
  let mirrorState: MirrorState = 'connecting';
  let connections = 0;
  const state: MirroredBook = {
    market: venue,
    symbol,
    get state() {
      return mirrorState;
    },
    book: replica.book,
    get seq() {
      return replica.seq;
    },
    get lastUpdateId() {
      return replica.lastUpdateId;
    },
    get checksum() {
      return replica.checksum;
    },
    get exactDepth() {
      return replica.exactDepth;
    },
    get eventTime() {
      return replica.eventTime;
    },
    get receivedAt() {
      return replica.receivedAt;
    },
    get appliedAt() {
      return replica.appliedAt;
    },
    get snapshots() {
      return replica.snapshots;
    },
    get connections() {
      return connections;
    },
  };
  let socket: WebSocket | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const changed = (): void => options.onChange?.(state);

  const connect = (): void => {
    if (stopped) return;
    mirrorState = 'connecting';
    connections++;
    const ws = new WebSocket(endpoint, { headers: options.headers ?? {} });
    socket = ws;
    ws.on('message', (data) => {
      if (ws !== socket) return;
      try {
        onMessage(JSON.parse(String(data)) as StreamMessage);
      } catch (error) {
        const failure = error instanceof ReplicaError ? error : new ReplicaError('protocol', `unreadable message: ${(error as Error).message}`);
        options.onError?.(failure);
        // Start over from a new snapshot on a new connection: the stream is the only way back to an exact copy.
        ws.terminate();
      }
    });
    ws.on('error', () => undefined); // followed by close, which reconnects
    ws.on('close', () => {
      if (ws !== socket || stopped) return;
      mirrorState = 'connecting';
      changed();
      timer = setTimeout(connect, options.reconnectDelayMs ?? 500);
    });
  };

  const onMessage = (message: StreamMessage): void => {
    switch (message.type) {
      case 'snapshot':
      case 'diff':
      case 'resync':
        replica.apply(message);
        mirrorState = replica.live ? 'live' : 'waiting';
        return changed();
      case 'error':
        throw new ReplicaError('protocol', `lob refused the subscription: ${message.message}`);
      default:
        return;
    }
  };

  connect();
  return {
    get current(): MirroredBook {
      return state;
    },
    close: async () => {
      stopped = true;
      clearTimeout(timer);
      mirrorState = 'closed';
      const ws = socket;
      if (ws === undefined || ws.readyState === ws.CLOSED) return;
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.terminate();
      });
    },
  };
}
