import { DecodeError, type Level } from '@lob/core';
import type { OkxBookMessage, OkxMessage } from './okx-messages.js';

const PONG: OkxMessage = { type: 'pong' };
// OKX writes prices and sizes as plain decimals ("8476.98", "0"); anything else is not a level.
const DECIMAL = /^\d+(?:\.\d+)?$/;
const DIGITS = /^\d+$/;
const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

/**
 * Decodes one frame of OKX's v5 public WebSocket synchronously: book pushes, subscribe/unsubscribe acks, errors,
 * notices and the `pong` to our keepalive. Throws nothing but DecodeError, naming the instId when the frame does.
 */
export function decodeOkxFrame(frame: string): OkxMessage {
  // The keepalive answer is bare text, not JSON.
  if (frame === 'pong') return PONG;
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame);
  } catch (error) {
    throw new DecodeError('malformed-json', `frame is not JSON: ${(error as Error).message}`, instIdHint(frame));
  }
  if (!isRecord(parsed)) throw new DecodeError('malformed-frame', 'frame is not an object', instIdHint(frame));
  if ('event' in parsed) return eventFrame(parsed, frame);
  return bookFrame(parsed);
}

/** Replies and announcements: everything OKX sends with an `event` field. */
function eventFrame(value: Record<string, unknown>, frame: string): OkxMessage {
  const event = value.event;
  if (typeof event !== 'string') throw new DecodeError('malformed-frame', '"event" is not a string', instIdHint(frame));
  switch (event) {
    case 'subscribe':
    case 'unsubscribe': {
      const arg = value.arg;
      const instId = isRecord(arg) && typeof arg.instId === 'string' ? arg.instId : undefined;
      if (!isRecord(arg) || typeof arg.channel !== 'string') throw new DecodeError('malformed-frame', `${event} ack without arg.channel`, instId);
      if (arg.instId !== undefined && instId === undefined) throw new DecodeError('malformed-frame', `${event} ack with a non-string arg.instId`);
      return { type: event === 'subscribe' ? 'subscribed' : 'unsubscribed', channel: arg.channel, instId };
    }
    case 'error':
    case 'notice': {
      const code = value.code;
      const msg = value.msg;
      const instId = typeof msg === 'string' ? instIdInMessage(msg) : undefined;
      // OKX documents `code` as a string; a number is the same code, anything else is not one.
      if (typeof code !== 'string' && !Number.isSafeInteger(code)) throw new DecodeError('malformed-frame', `${event} without a code`, instId);
      if (msg !== undefined && typeof msg !== 'string') throw new DecodeError('malformed-frame', `${event} with a non-string msg`, instId);
      const message = msg ?? '';
      return event === 'error' ? { type: 'error', code: String(code), message, instId } : { type: 'notice', code: String(code), message };
    }
    default:
      return { type: 'control', event };
  }
}

/** An order-book push: `{"arg":{"channel","instId"},"action","data":[{asks,bids,ts,checksum,seqId?,prevSeqId?}]}`. */
function bookFrame(value: Record<string, unknown>): OkxBookMessage {
  const arg = value.arg;
  if (!isRecord(arg)) throw new DecodeError('malformed-frame', 'frame is neither an event nor a push with "arg"');
  const instId = arg.instId;
  if (typeof instId !== 'string' || instId.length === 0) throw new DecodeError('malformed-frame', 'push without arg.instId');
  const fail = (message: string): DecodeError => new DecodeError('malformed-frame', message, instId);
  const channel = arg.channel;
  if (typeof channel !== 'string') throw fail('push without arg.channel');
  // Every recorded book push (2021-2023) carries `action`; a push without it is not an order-book diff.
  const action = value.action;
  if (action !== 'snapshot' && action !== 'update') throw fail(`"action" is ${JSON.stringify(action) ?? 'missing'}, not snapshot or update`);
  const data = value.data;
  // OKX sends one book state per push; more would make the checksum ambiguous.
  if (!Array.isArray(data) || data.length !== 1) throw fail('"data" is not an array of exactly one element');
  const body = data[0] as unknown;
  if (!isRecord(body)) throw fail('"data"[0] is not an object');
  const { ts, checksum, seqId, prevSeqId } = body;
  if (typeof ts !== 'string' || !DIGITS.test(ts)) throw fail('"ts" is not a string of milliseconds');
  if (!Number.isInteger(checksum) || (checksum as number) < INT32_MIN || (checksum as number) > INT32_MAX) throw fail('"checksum" is not a signed 32-bit integer');
  if (seqId !== undefined && (!Number.isSafeInteger(seqId) || (seqId as number) < 0)) throw fail('"seqId" is not a non-negative integer');
  if (prevSeqId !== undefined && (!Number.isSafeInteger(prevSeqId) || (prevSeqId as number) < -1)) throw fail('"prevSeqId" is not an integer >= -1');
  return {
    type: 'book',
    kind: action,
    channel,
    instId,
    bids: levels(body.bids, 'bids', fail),
    asks: levels(body.asks, 'asks', fail),
    checksum: checksum as number,
    seqId: seqId as number | undefined,
    prevSeqId: prevSeqId as number | undefined,
    ts,
  };
}

/** `[price, size, "0", orders]` rows to `[price, size]` pairs, the strings untouched. */
function levels(value: unknown, field: string, fail: (message: string) => DecodeError): Level[] {
  if (!Array.isArray(value)) throw fail(`"${field}" is not an array`);
  const out = new Array<Level>(value.length);
  for (let i = 0; i < value.length; i++) {
    const row = value[i] as unknown;
    if (!Array.isArray(row) || row.length < 2) throw fail(`"${field}"[${i}] is not a level row`);
    const price = row[0] as unknown;
    const size = row[1] as unknown;
    if (typeof price !== 'string' || !DECIMAL.test(price) || typeof size !== 'string' || !DECIMAL.test(size)) {
      throw fail(`"${field}"[${i}] is not a pair of decimal strings`);
    }
    out[i] = [price, size];
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The instId a broken frame is about, read from its text, so only that book has to resync. */
export function instIdHint(frame: string): string | undefined {
  return /"instId"\s*:\s*"([A-Za-z0-9][A-Za-z0-9-]*)"/.exec(frame)?.[1];
}

/**
 * The instId an error message names. OKX puts it only inside `msg`, either as the quoted request
 * (`{"op": "subscribe", ... "instId" : "BTC-USD-191227"}`) or as prose (`channel:books,instId:BTC-USDT-X doesn't exist`).
 */
export function instIdInMessage(msg: string): string | undefined {
  return /instId\W{0,6}?([A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)/.exec(msg)?.[1]?.toUpperCase();
}
