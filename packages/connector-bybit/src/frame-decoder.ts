import { DecodeError, type Level } from '@lob/core';
import type { BybitBookMessage, BybitMessage } from './bybit-messages.js';

const PONG: BybitMessage = { type: 'pong' };
// Bybit writes prices and sizes as plain decimals ("77.300", "0"); anything else is not a level.
const DECIMAL = /^\d+(?:\.\d+)?$/;
const ORDERBOOK_TOPIC = /^orderbook\.(\d+)\.(.+)$/;
const TOPIC_IN_TEXT = /orderbook\.\d+\.([A-Za-z0-9][A-Za-z0-9-]*)/g;

/**
 * Decodes one frame of Bybit's v5 public WebSocket synchronously: order-book pushes, replies to subscribe,
 * unsubscribe and ping, and other topics. Throws nothing but DecodeError, naming the symbol when the frame does.
 */
export function decodeBybitFrame(frame: string): BybitMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame);
  } catch (error) {
    throw new DecodeError('malformed-json', `frame is not JSON: ${(error as Error).message}`, symbolHint(frame));
  }
  if (!isRecord(parsed)) throw new DecodeError('malformed-frame', 'frame is not an object', symbolHint(frame));
  const topic = parsed.topic;
  if (typeof topic === 'string') {
    return topic.startsWith('orderbook.') ? bookFrame(parsed, topic) : { type: 'other', topic };
  }
  if (typeof parsed.op === 'string') return replyFrame(parsed, parsed.op);
  return { type: 'other', topic: undefined };
}

/** `{"success","ret_msg","conn_id","req_id","op"}`, and the `{"op":"pong","args":[...]}` shape of a pong. */
function replyFrame(value: Record<string, unknown>, op: string): BybitMessage {
  if (op === 'pong') return PONG;
  const message = typeof value.ret_msg === 'string' ? value.ret_msg : '';
  if (typeof value.success !== 'boolean') {
    throw new DecodeError('malformed-frame', `reply to ${op} without a boolean "success"`, topicSymbols(message)[0]);
  }
  if (op === 'ping' && value.success && message === 'pong') return PONG;
  return { type: 'reply', op, success: value.success, message, symbols: topicSymbols(message) };
}

/** `{"topic","type","ts","data":{"s","b","a","u","seq"},"cts"}`. */
function bookFrame(value: Record<string, unknown>, topic: string): BybitBookMessage {
  const named = ORDERBOOK_TOPIC.exec(topic);
  const fail = (message: string, symbol = named?.[2]): DecodeError => new DecodeError('malformed-frame', message, symbol);
  if (named === null) {
    const data = value.data;
    throw fail(`topic ${JSON.stringify(topic)} is not orderbook.{depth}.{symbol}`, isRecord(data) && typeof data.s === 'string' ? data.s : undefined);
  }
  const kind = value.type;
  if (kind !== 'snapshot' && kind !== 'delta') throw fail(`"type" is ${JSON.stringify(kind) ?? 'missing'}, not snapshot or delta`);
  const data = value.data;
  if (!isRecord(data)) throw fail('"data" is not an object');
  const symbol = data.s;
  if (typeof symbol !== 'string' || symbol !== named[2]) throw fail(`"data.s" ${JSON.stringify(symbol) ?? 'missing'} is not the topic's symbol`);
  const { u, seq } = data;
  // u starts at 1 (a snapshot after a service restart says so) and grows by one per push.
  if (!Number.isSafeInteger(u) || (u as number) < 1) throw fail('"data.u" is not an integer >= 1');
  if (seq !== undefined && (!Number.isSafeInteger(seq) || (seq as number) < 0)) throw fail('"data.seq" is not a non-negative integer');
  const ts = value.ts;
  if (!Number.isSafeInteger(ts) || (ts as number) < 0) throw fail('"ts" is not milliseconds');
  const cts = value.cts;
  if (cts !== undefined && (!Number.isSafeInteger(cts) || (cts as number) < 0)) throw fail('"cts" is not milliseconds');
  return {
    type: 'book',
    kind,
    topic,
    symbol,
    depth: Number(named[1]),
    bids: levels(data.b, 'b', fail),
    asks: levels(data.a, 'a', fail),
    u: u as number,
    seq: seq as number | undefined,
    ts: ts as number,
    cts: cts as number | undefined,
  };
}

/** `[price, size]` rows, the strings untouched. */
function levels(value: unknown, field: string, fail: (message: string) => DecodeError): Level[] {
  if (!Array.isArray(value)) throw fail(`"data.${field}" is not an array`);
  const out = new Array<Level>(value.length);
  for (let i = 0; i < value.length; i++) {
    const row = value[i] as unknown;
    if (!Array.isArray(row) || row.length !== 2) throw fail(`"data.${field}"[${i}] is not a [price, size] row`);
    const price = row[0] as unknown;
    const size = row[1] as unknown;
    if (typeof price !== 'string' || !DECIMAL.test(price) || typeof size !== 'string' || !DECIMAL.test(size)) {
      throw fail(`"data.${field}"[${i}] is not a pair of decimal strings`);
    }
    out[i] = [price, size];
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The symbols of every order-book topic a text names, in order, without repeats. */
export function topicSymbols(text: string): string[] {
  return [...new Set([...text.matchAll(TOPIC_IN_TEXT)].map((match) => match[1]!.toUpperCase()))];
}

/** The symbol a broken frame is about, read from its text, so only that book has to resync. */
export function symbolHint(frame: string): string | undefined {
  return /"s"\s*:\s*"([A-Za-z0-9][A-Za-z0-9-]*)"/.exec(frame)?.[1] ?? topicSymbols(frame)[0];
}
