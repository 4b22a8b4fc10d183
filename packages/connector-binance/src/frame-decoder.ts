import { DecodeError, type DepthUpdate, type Level, type StreamMessage, type SubscriptionRejected } from '@lob/core';
import { REFUSED_STREAMS_FIELD } from './stream-subscriber.js';

const SHUTDOWN: StreamMessage = { type: 'shutdown' };
const CONTROL: StreamMessage = { type: 'control' };

/**
 * Decodes one Binance stream frame (combined `{"stream","data"}` or bare) synchronously. Levels are handed on
 * as the very arrays JSON.parse made, so a decoded event costs one small object beyond the parse. Anything that
 * is not a well-formed depth event, shutdown notice or reply throws DecodeError naming the symbol when it can.
 */
export function decodeFrame(frame: string, requirePrevId: boolean): StreamMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame);
  } catch (error) {
    throw new DecodeError('malformed-json', `frame is not JSON: ${(error as Error).message}`, symbolHint(frame));
  }
  if (typeof parsed !== 'object' || parsed === null) throw malformed('frame is not an object', frame);
  const outer = parsed as Record<string, unknown>;
  const data = (outer.data !== undefined && typeof outer.stream === 'string' ? outer.data : outer) as Record<string, unknown>;
  if (typeof data !== 'object' || data === null) throw malformed('frame data is not an object', frame);
  const event = data.e;
  if (event === 'depthUpdate') return depthUpdate(data, requirePrevId, frame);
  if (event === 'serverShutdown') return SHUTDOWN;
  const refused = data[REFUSED_STREAMS_FIELD];
  if (Array.isArray(refused)) return rejected(refused, data.error);
  if (typeof event === 'string' || 'result' in data || 'id' in data) return CONTROL; // replies and events we do not use
  throw malformed('frame is neither an event nor a reply', frame);
}

/** A SUBSCRIBE refusal the stream client tied to its streams: those symbols are rejected, the others go on. */
function rejected(streams: unknown[], error: unknown): SubscriptionRejected {
  const { code, msg } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; msg?: unknown };
  // A stream name is the lowercase symbol, '@', then the stream kind (btcusdt@depth@100ms).
  const symbols = streams.filter((s): s is string => typeof s === 'string').map((stream) => (stream.split('@')[0] as string).toUpperCase());
  return { type: 'rejected', symbols, reason: `error ${String(code)}: ${typeof msg === 'string' ? msg : 'no message'}` };
}

function depthUpdate(data: Record<string, unknown>, requirePrevId: boolean, frame: string): DepthUpdate {
  const symbol = data.s;
  if (typeof symbol !== 'string' || symbol.length === 0) throw malformed('depthUpdate without a symbol', frame);
  const firstId = data.U;
  const lastId = data.u;
  const eventTime = data.E;
  const prev = data.pu;
  if (!Number.isSafeInteger(firstId) || !Number.isSafeInteger(lastId) || (firstId as number) > (lastId as number)) {
    throw new DecodeError('malformed-frame', `bad update ids U=${String(firstId)} u=${String(lastId)}`, symbol);
  }
  if (requirePrevId ? !Number.isSafeInteger(prev) : prev !== undefined && !Number.isSafeInteger(prev)) {
    throw new DecodeError('malformed-frame', `bad previous update id pu=${String(prev)}`, symbol);
  }
  if (typeof eventTime !== 'number') throw new DecodeError('malformed-frame', 'bad event time E', symbol);
  return {
    type: 'depth',
    symbol,
    firstId: firstId as number,
    lastId: lastId as number,
    prevLastId: prev as number | undefined,
    eventTime,
    bids: levels(data.b, 'b', symbol),
    asks: levels(data.a, 'a', symbol),
  };
}

function levels(value: unknown, field: string, symbol: string): Level[] {
  if (!Array.isArray(value)) throw new DecodeError('malformed-frame', `"${field}" is not an array`, symbol);
  for (let i = 0; i < value.length; i++) {
    const level = value[i] as unknown;
    if (!Array.isArray(level) || typeof level[0] !== 'string' || typeof level[1] !== 'string') {
      throw new DecodeError('malformed-frame', `"${field}"[${i}] is not a [price, quantity] pair of strings`, symbol);
    }
  }
  return value as Level[];
}

function malformed(message: string, frame: string): DecodeError {
  return new DecodeError('malformed-frame', message, symbolHint(frame));
}

/** The symbol a broken frame is about, read from its text, so only that symbol has to resync. */
export function symbolHint(frame: string): string | undefined {
  const s = /"s"\s*:\s*"([A-Za-z0-9_]+)"/.exec(frame);
  if (s?.[1] !== undefined) return s[1].toUpperCase();
  const stream = /"stream"\s*:\s*"([a-z0-9_]+)@/.exec(frame);
  return stream?.[1]?.toUpperCase();
}
