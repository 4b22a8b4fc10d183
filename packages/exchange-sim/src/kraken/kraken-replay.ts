import { ExchangeSimError } from '../market/errors.js';
import type { ReplayRequest, ReplayVenue } from '../market/replay-engine.js';
import type { TimelineLine } from '../market/timeline-file.js';

/** The pair a recorded v1 frame names: `pair` of a subscriptionStatus, the last element of a book array. */
function pairOf(raw: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed)) return typeof parsed.at(-1) === 'string' ? (parsed.at(-1) as string) : undefined;
    const pair = (parsed as { pair?: unknown } | null)?.pair;
    return typeof pair === 'string' ? pair : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How a Kraken v1 recording is replayed at `/`: a `book` subscribe naming the recorded pair (as recorded: the
 * wsname, e.g. XBT/CHF) gets every recorded frame (its subscriptionStatus, snapshot and updates) verbatim.
 */
export function krakenReplayVenue(lines: readonly TimelineLine[]): ReplayVenue {
  let symbol: string | undefined;
  const frames: string[] = [];
  for (const line of lines) {
    const pair = pairOf(line.raw);
    if (pair === undefined) continue;
    symbol ??= pair;
    if (pair === symbol) frames.push(line.raw);
  }
  if (symbol === undefined) throw new ExchangeSimError('bad-recording', 'a Kraken recording without a frame naming its pair');
  const recorded = symbol;
  return {
    symbol: recorded,
    path: '/',
    greeting: (connId) => [`{"connectionID":${connId},"event":"systemStatus","status":"online","version":"1.9.0"}`],
    read(text): ReplayRequest {
      let message: { event?: unknown; reqid?: unknown; pair?: unknown; subscription?: { name?: unknown } };
      try {
        message = JSON.parse(text) as typeof message;
      } catch {
        return { replies: ['{"errorMessage":"Malformed request","event":"error"}'] };
      }
      if (message?.event === 'ping') {
        const reqid = typeof message.reqid === 'number' ? `,"reqid":${message.reqid}` : '';
        return { replies: [`{"event":"pong"${reqid}}`] };
      }
      const pairs = Array.isArray(message?.pair) ? (message.pair as unknown[]) : [];
      const ours = pairs.includes(recorded) && message.subscription?.name === 'book';
      const others = pairs.filter((p) => p !== recorded);
      const replies = others.map(
        (p) => `{"errorMessage":"Currency pair not supported ${String(p)}","event":"subscriptionStatus","pair":${JSON.stringify(p)},"status":"error"}`,
      );
      if (message?.event === 'subscribe' && ours) return { replies, subscribe: ['book'] };
      if (message?.event === 'unsubscribe' && ours) return { replies, unsubscribe: ['book'] };
      return { replies };
    },
    frames: () => frames,
  };
}
