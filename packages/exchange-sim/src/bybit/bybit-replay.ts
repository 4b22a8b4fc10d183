import { ExchangeSimError } from '../market/errors.js';
import { recordedObject, type ReplayRequest, type ReplayVenue } from '../market/replay-engine.js';
import type { TimelineLine } from '../market/timeline-file.js';
import type { BybitCategory } from './bybit-listings.js';
import { bybitPublicPath } from './bybit-protocol.js';
import { formatBybitResponse } from './bybit-wire-format.js';

/**
 * How a Bybit recording is replayed at its category's path: a subscribe naming a recorded topic
 * (`orderbook.200.SOLUSDT`, or the recorded `tickers.SOLUSDT`) gets every recorded frame of that topic verbatim.
 */
export function bybitReplayVenue(lines: readonly TimelineLine[], category: BybitCategory): ReplayVenue {
  const topics = new Map<string, string[]>();
  let symbol: string | undefined;
  for (const line of lines) {
    const topic = recordedObject(line)?.topic;
    if (typeof topic !== 'string') continue;
    if (topic.startsWith('orderbook.')) symbol ??= topic.split('.')[2];
    topics.set(topic, [...(topics.get(topic) ?? []), line.raw]);
  }
  if (symbol === undefined) throw new ExchangeSimError('bad-recording', 'a Bybit recording without an orderbook topic');
  return {
    symbol,
    path: bybitPublicPath(category),
    read(text, connId): ReplayRequest {
      let message: { op?: unknown; args?: unknown; req_id?: unknown };
      try {
        message = JSON.parse(text) as typeof message;
      } catch {
        return { replies: [formatBybitResponse('', false, `error:unmarshal error, request:${text}`, connId, undefined)] };
      }
      if (message?.op === 'ping') return { replies: [formatBybitResponse('ping', true, 'pong', connId, message.req_id)] };
      const args = Array.isArray(message?.args) ? (message.args as unknown[]).map(String) : [];
      if (message?.op === 'unsubscribe') return { replies: [formatBybitResponse('unsubscribe', true, '', connId, message.req_id)], unsubscribe: args };
      if (message?.op !== 'subscribe') return { replies: [formatBybitResponse(String(message?.op ?? ''), false, `error:request not supported, request:${text}`, connId, message?.req_id)] };
      const unknown = args.filter((t) => !topics.has(t));
      const reply =
        unknown.length > 0
          ? formatBybitResponse('subscribe', false, `Invalid symbol :[${unknown.join(',')}]`, connId, message.req_id)
          : formatBybitResponse('subscribe', true, '', connId, message.req_id);
      return { replies: [reply], subscribe: args.filter((t) => topics.has(t)) };
    },
    frames: (topic) => topics.get(topic) ?? [],
  };
}
