import type { KrakenProtocol } from './kraken-message.js';
import { pairFromWire } from './pairs.js';

/** An answer to one of our subscribe/unsubscribe requests, as far as the stream client needs it. */
export interface RequestAnswer {
  readonly kind: 'answer';
  /** The request answered, when the frame tells (v2 always; v1 only on success, through its status). */
  readonly method: 'subscribe' | 'unsubscribe' | undefined;
  readonly ok: boolean;
  /** The pair in lob's spelling, when the frame names it. */
  readonly pair: string | undefined;
  /** Our request id echoed back (v2 `req_id`, v1 `reqid`). */
  readonly reqId: number | undefined;
  /** Kraken's refusal text. */
  readonly error?: string;
}

/** What a frame means to the connection itself: a sign of life, an answer to a request, or nothing (data). */
export type ControlFrame = { readonly kind: 'alive' } | RequestAnswer;

const ALIVE: ControlFrame = { kind: 'alive' };

/**
 * Reads the frames the connection acts on (pong, heartbeat, subscription answers). Book frames are told by their
 * first bytes and never parsed here, since the decoder parses them once anyway; anything unreadable is left to it.
 */
export function readControlFrame(frame: string, protocol: KrakenProtocol): ControlFrame | undefined {
  if (protocol === 'v1' ? frame.startsWith('[') : frame.startsWith('{"channel":"book"')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  return protocol === 'v2' ? v2Control(parsed as Record<string, unknown>) : v1Control(parsed as Record<string, unknown>);
}

function v2Control(message: Record<string, unknown>): ControlFrame | undefined {
  if (message.channel === 'heartbeat' || message.method === 'pong') return ALIVE;
  const { method } = message;
  if (method !== 'subscribe' && method !== 'unsubscribe') return undefined;
  const result = typeof message.result === 'object' && message.result !== null ? (message.result as Record<string, unknown>) : {};
  // Success names the pair in result.symbol, a refusal at the top level.
  const symbol = result.symbol ?? message.symbol;
  return {
    kind: 'answer',
    method,
    ok: message.success === true,
    pair: typeof symbol === 'string' ? symbol : undefined,
    reqId: typeof message.req_id === 'number' ? message.req_id : undefined,
    ...(typeof message.error === 'string' ? { error: message.error } : {}),
  };
}

function v1Control(message: Record<string, unknown>): ControlFrame | undefined {
  if (message.event === 'heartbeat' || message.event === 'pong') return ALIVE;
  if (message.event !== 'subscriptionStatus' && message.event !== 'error') return undefined;
  const { status } = message;
  return {
    kind: 'answer',
    method: status === 'subscribed' ? 'subscribe' : status === 'unsubscribed' ? 'unsubscribe' : undefined,
    ok: status === 'subscribed' || status === 'unsubscribed',
    pair: typeof message.pair === 'string' ? pairFromWire(message.pair, 'v1') : undefined,
    reqId: typeof message.reqid === 'number' ? message.reqid : undefined,
    ...(typeof message.errorMessage === 'string' ? { error: message.errorMessage } : {}),
  };
}
