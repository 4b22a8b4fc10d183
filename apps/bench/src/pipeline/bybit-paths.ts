import type { DepthUpdate, Level, OrderBook } from '@lob/core';
import { classify, decodeBybitStreamMessage } from '@lob/connector-bybit';
import { MISMATCH, NOT_BOOK, UNCHECKED, VERIFIED, type FrameWork, type Outcome, type VenuePaths } from './venue-paths.js';

/** An order-book push as JSON.parse makes it (`data.b`/`data.a` rows `[price, size]`, `data.u` the symbol's id). */
interface RawPush {
  topic?: string;
  type?: 'snapshot' | 'delta';
  ts: number;
  data: { s: string; b: Level[]; a: Level[]; u: number };
}

const ORDERBOOK = 'orderbook.';

/**
 * What core's BookSync does with one Bybit book message, without its buffering and events: a snapshot replaces the
 * book (and restarts the `u` chain, as Bybit's `u == 1` after a restart does), a delta is applied when Bybit's rule
 * (the connector's `classify`) says it continues the chain. Bybit sends no checksum, so the `u` chain is what a
 * step verifies: VERIFIED for a delta that continues it, MISMATCH for a gap or a stale one.
 */
class BybitBook {
  private position: number | undefined;

  constructor(private readonly book: OrderBook) {}

  snapshot(bids: readonly Level[], asks: readonly Level[], u: number): Outcome {
    this.book.reset(bids, asks);
    this.position = u;
    return UNCHECKED;
  }

  delta(update: DepthUpdate): Outcome {
    if (this.position === undefined || classify(update, this.position) !== 'apply') return MISMATCH;
    this.book.apply('bid', update.bids);
    this.book.apply('ask', update.asks);
    this.position = update.lastId;
    return VERIFIED;
  }
}

function pipeline(book: OrderBook): FrameWork {
  const bybit = new BybitBook(book);
  return (frame) => {
    // The connector's decode, as core calls it: validation, normalized levels, `u` as the message's id.
    const message = decodeBybitStreamMessage(frame);
    if (message.type === 'snapshot') return bybit.snapshot(message.bids, message.asks, message.lastUpdateId);
    if (message.type === 'depth') return bybit.delta(message);
    return NOT_BOOK;
  };
}

function baseline(book: OrderBook): FrameWork {
  const bybit = new BybitBook(book);
  return (frame) => {
    const raw = JSON.parse(frame) as RawPush;
    if (raw.topic === undefined || !raw.topic.startsWith(ORDERBOOK)) return NOT_BOOK; // replies, pongs, tickers
    const { s, b, a, u } = raw.data;
    if (raw.type === 'snapshot') return bybit.snapshot(b, a, u);
    // The rows go in as parsed: a JSON.parse client checks nothing and copies nothing.
    return bybit.delta({ type: 'depth', symbol: s, firstId: u, lastId: u, prevLastId: undefined, eventTime: raw.ts, bids: b, asks: a });
  };
}

function changes(frame: string): number {
  const raw = JSON.parse(frame) as RawPush;
  return raw.topic?.startsWith(ORDERBOOK) === true ? raw.data.b.length + raw.data.a.length : 0;
}

/** Bybit v5 books: decodeBybitStreamMessage → reset or apply → the `u` chain by the connector's classify. */
export const BYBIT_PATHS: VenuePaths = { pipeline, baseline, decode: decodeBybitStreamMessage, changes };
