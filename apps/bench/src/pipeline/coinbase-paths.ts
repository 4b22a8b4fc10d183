import type { Level, OrderBook, StreamMessage } from '@lob/core';
import { decodeCoinbaseFrame, scanCoinbaseL2Frame, toStreamMessage } from '@lob/connector-coinbase';
import { MISMATCH, NOT_BOOK, UNCHECKED, VERIFIED, type FrameWork, type Outcome, type VenuePaths } from './venue-paths.js';

/** An `l2_data` message as JSON.parse makes it: one event of `updates` rows, side `bid` or `offer`. */
interface RawMessage {
  channel: string;
  sequence_num: number;
  events: [{ type: 'snapshot' | 'update'; product_id: string; updates: { side: 'bid' | 'offer'; price_level: string; new_quantity: string }[] }];
}

const L2 = 'l2_data';

/**
 * What core does with one Coinbase book message, without its buffering and events: a snapshot replaces the book, an
 * update is applied (size "0" deletes, also a price never held). Coinbase has no per-product ids; its proof is the
 * connection's `sequence_num`. The recording keeps only ETH-USD's frames of a connection that carried BTC-USD and
 * other channels too, so its numbers have holes where the live rule (+1) would see a loss: the check here is the
 * part of that rule the recording can prove, that the number only goes up (the connector's replay test fills the
 * holes with heartbeats instead). VERIFIED for an update whose number does, MISMATCH otherwise.
 */
class CoinbaseBook {
  private last = -1;

  constructor(private readonly book: OrderBook) {}

  apply(kind: 'snapshot' | 'update', bids: readonly Level[], asks: readonly Level[], seq: number | undefined): Outcome {
    if (kind === 'snapshot') {
      this.book.reset(bids, asks);
      this.last = seq ?? -1;
      return UNCHECKED;
    }
    if (seq === undefined || seq <= this.last) return MISMATCH;
    this.last = seq;
    this.book.apply('bid', bids);
    this.book.apply('ask', asks);
    return VERIFIED;
  }
}

/** The connector's synchronous decode, as core calls it: the frame scanner, else the full decoder. */
function decode(frame: string): StreamMessage {
  const event = scanCoinbaseL2Frame(frame);
  return event === undefined ? decodeCoinbaseFrame(frame) : toStreamMessage(event);
}

function pipeline(book: OrderBook): FrameWork {
  const coinbase = new CoinbaseBook(book);
  return (frame) => {
    // Validation, levels split by side, sequence_num: what the connector's decode does.
    const message = decode(frame);
    if (message.type === 'snapshot') return coinbase.apply('snapshot', message.bids, message.asks, message.connectionSeq);
    if (message.type === 'depth') return coinbase.apply('update', message.bids, message.asks, message.connectionSeq);
    return NOT_BOOK;
  };
}

function baseline(book: OrderBook): FrameWork {
  const coinbase = new CoinbaseBook(book);
  return (frame) => {
    const raw = JSON.parse(frame) as RawMessage;
    if (raw.channel !== L2) return NOT_BOOK; // subscriptions, heartbeats, tickers
    const event = raw.events[0];
    // A client on JSON.parse still has to split the rows by side: Coinbase sends one list for both.
    const bids: Level[] = [];
    const asks: Level[] = [];
    for (const u of event.updates) (u.side === 'bid' ? bids : asks).push([u.price_level, u.new_quantity]);
    return coinbase.apply(event.type, bids, asks, raw.sequence_num);
  };
}

function changes(frame: string): number {
  const raw = JSON.parse(frame) as RawMessage;
  return raw.channel === L2 ? raw.events[0].updates.length : 0;
}

/** Coinbase level2: scanner or decodeCoinbaseFrame → reset or apply → sequence_num only going up. */
export const COINBASE_PATHS: VenuePaths = { pipeline, baseline, decode, changes };
