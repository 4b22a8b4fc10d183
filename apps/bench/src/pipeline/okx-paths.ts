import type { Level, OrderBook } from '@lob/core';
import { applyOkxBookMessage, decodeOkxFrame, okxChecksum, scanOkxBookFrame, type OkxBookMessage, type OkxMessage } from '@lob/connector-okx';
import { MISMATCH, NOT_BOOK, VERIFIED, type FrameWork, type VenuePaths } from './venue-paths.js';

/** A book push as JSON.parse makes it: rows are `[price, size, "0", orders]`, read by the book as `[price, size]`. */
interface RawPush {
  event?: string;
  arg: { channel: string; instId: string };
  action: 'snapshot' | 'update';
  data: [{ bids: Level[]; asks: Level[]; checksum: number; ts: string; seqId?: number; prevSeqId?: number }];
}

/** The connector's decoding: the frame scanner, stepping aside to the full decoder for what it does not know. */
const decode = (frame: string): OkxMessage => scanOkxBookFrame(frame) ?? decodeOkxFrame(frame);

function pipeline(book: OrderBook): FrameWork {
  return (frame) => {
    const message = decode(frame);
    if (message.type !== 'book') return NOT_BOOK;
    applyOkxBookMessage(book, message);
    return okxChecksum(book) === message.checksum ? VERIFIED : MISMATCH;
  };
}

function baseline(book: OrderBook): FrameWork {
  return (frame) => {
    const raw = JSON.parse(frame) as RawPush;
    if (raw.event !== undefined) return NOT_BOOK;
    const body = raw.data[0];
    // The rows go in as parsed (a client on JSON.parse copies nothing): the book only ever reads [0] and [1].
    const message: OkxBookMessage = {
      type: 'book',
      kind: raw.action,
      channel: raw.arg.channel,
      instId: raw.arg.instId,
      bids: body.bids,
      asks: body.asks,
      checksum: body.checksum,
      seqId: body.seqId,
      prevSeqId: body.prevSeqId,
      ts: body.ts,
    };
    applyOkxBookMessage(book, message);
    return okxChecksum(book) === body.checksum ? VERIFIED : MISMATCH;
  };
}

function changes(frame: string): number {
  const raw = JSON.parse(frame) as RawPush;
  return raw.event !== undefined ? 0 : raw.data[0].bids.length + raw.data[0].asks.length;
}

/** OKX v5 books: scanner or decodeOkxFrame → applyOkxBookMessage → okxChecksum (top 25 per side) against the push's checksum. */
export const OKX_PATHS: VenuePaths = { pipeline, baseline, decode, changes };
