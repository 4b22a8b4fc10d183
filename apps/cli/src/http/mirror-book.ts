import { createChunkedBook } from '@lob/book-chunked';
import { LobError, type ExactDepth, type OrderBook } from '@lob/core';
import WebSocket from 'ws';
import type { DiffMessage, SnapshotMessage, StreamMessage } from './stream-messages.js';

/** Why a mirror dropped its copy and started over: a change missing from the stream, or a message it cannot read. */
export class MirrorError extends LobError {
  constructor(reason: 'gap' | 'protocol', message: string) {
    super(reason, message);
    this.name = 'MirrorError';
  }
}

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
  readonly onError?: (error: MirrorError) => void;
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
  const state = {
    market: venue,
    symbol,
    state: 'connecting' as MirrorState,
    book: createChunkedBook(),
    seq: 0,
    lastUpdateId: undefined as number | undefined,
    checksum: undefined as number | undefined,
    exactDepth: { bids: 0, asks: 0 } as ExactDepth,
    eventTime: null as number | null,
    receivedAt: null as number | null,
    appliedAt: null as number | null,
    snapshots: 0,
    connections: 0,
  };
  let socket: WebSocket | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const changed = (): void => options.onChange?.(state);

  const connect = (): void => {
    if (stopped) return;
    state.state = 'connecting';
    state.connections++;
    const ws = new WebSocket(endpoint, { headers: options.headers ?? {} });
    socket = ws;
    ws.on('message', (data) => {
      if (ws !== socket) return;
      try {
        onMessage(JSON.parse(String(data)) as StreamMessage);
      } catch (error) {
        const failure = error instanceof MirrorError ? error : new MirrorError('protocol', `unreadable message: ${(error as Error).message}`);
        options.onError?.(failure);
        // Start over from a new snapshot on a new connection: the stream is the only way back to an exact copy.
        ws.terminate();
      }
    });
    ws.on('error', () => undefined); // followed by close, which reconnects
    ws.on('close', () => {
      if (ws !== socket || stopped) return;
      state.state = 'connecting';
      changed();
      timer = setTimeout(connect, options.reconnectDelayMs ?? 500);
    });
  };

  const onMessage = (message: StreamMessage): void => {
    switch (message.type) {
      case 'snapshot':
        return onSnapshot(message);
      case 'diff':
        return onDiff(message);
      case 'resync':
        state.state = 'waiting';
        return changed();
      case 'error':
        throw new MirrorError('protocol', `lob refused the subscription: ${message.message}`);
      default:
        return;
    }
  };

  const onSnapshot = (m: SnapshotMessage): void => {
    state.book.reset(m.bids, m.asks);
    state.seq = m.seq;
    state.snapshots++;
    setIds(m);
    state.exactDepth = m.exactDepth;
    state.state = 'live';
    changed();
  };

  const onDiff = (m: DiffMessage): void => {
    if (state.state !== 'live') return; // between a resync notice and its snapshot: the snapshot contains it
    if (m.seq !== state.seq + 1) throw new MirrorError('gap', `change ${m.seq} after ${state.seq}: one is missing`);
    const book = state.book;
    book.apply('bid', m.bids);
    book.apply('ask', m.asks);
    // Where lob trims its book to a depth, the levels it dropped are the worst ones beyond its count.
    trimTo(book, 'bid', m.levels.bids);
    trimTo(book, 'ask', m.levels.asks);
    state.seq = m.seq;
    setIds(m);
    changed();
  };

  const setIds = (m: SnapshotMessage | DiffMessage): void => {
    state.lastUpdateId = m.lastUpdateId;
    state.checksum = m.checksum;
    state.eventTime = m.eventTime;
    state.receivedAt = m.receivedAt;
    state.appliedAt = m.appliedAt;
  };

  connect();
  return {
    get current(): MirroredBook {
      return state;
    },
    close: async () => {
      stopped = true;
      clearTimeout(timer);
      state.state = 'closed';
      const ws = socket;
      if (ws === undefined || ws.readyState === ws.CLOSED) return;
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.terminate();
      });
    },
  };
}

/** Removes a side's worst levels beyond `count` (collected first: the book's iterator must not see its own mutation). */
function trimTo(book: OrderBook, side: 'bid' | 'ask', count: number): void {
  if (book.size(side) <= count) return;
  const doomed: string[] = [];
  let rank = 0;
  for (const [price] of book.levels(side)) if (rank++ >= count) doomed.push(price);
  for (const price of doomed) book.set(side, price, '0');
}
