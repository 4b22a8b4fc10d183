import { ExchangeSimError } from '../market/errors.js';
import { recordedObject, type ReplayRequest, type ReplayVenue } from '../market/replay-engine.js';
import type { TimelineLine } from '../market/timeline-file.js';
import { formatCoinbaseError } from './coinbase-wire-format.js';

/** How to replay a Coinbase recording. */
export interface CoinbaseReplayOptions {
  /**
   * Rewrite each frame's `sequence_num` to the connection's own count (0, 1, 2, …). The recorded numbers jump
   * where the recording left out other channels and products, which a client checking the per-connection sequence
   * takes for lost messages; default false (frames verbatim).
   */
  renumber?: boolean;
}

/**
 * How a Coinbase Advanced Trade recording is replayed at `/`: a `level2` subscribe naming the recorded product gets
 * the recorded `subscriptions` and `l2_data` frames in recorded order, verbatim (a `ticker` subscribe the recorded
 * ticker frames); `heartbeats` is accepted and sends nothing (the recording has none).
 */
export function coinbaseReplayVenue(lines: readonly TimelineLine[], options: CoinbaseReplayOptions = {}): ReplayVenue {
  const streams = new Map<string, string[]>([
    ['level2', []],
    ['ticker', []],
  ]);
  let symbol: string | undefined;
  for (const line of lines) {
    const message = recordedObject(line);
    const channel = message?.channel;
    if (channel === 'l2_data') {
      const events = (message?.events ?? []) as { product_id?: unknown }[];
      symbol ??= typeof events[0]?.product_id === 'string' ? events[0].product_id : undefined;
    }
    if (channel === 'l2_data' || channel === 'subscriptions') streams.get('level2')!.push(line.raw);
    else if (channel === 'ticker') streams.get('ticker')!.push(line.raw);
  }
  if (symbol === undefined) throw new ExchangeSimError('bad-recording', 'a Coinbase recording without l2_data');
  const recorded = symbol;
  // Per connection: the sequence_num of its next numbered frame (errors carry none and take none).
  const next = new Map<string, number>();
  const renumber = (frame: string, connId: string): string => {
    const n = next.get(connId) ?? 0;
    const out = frame.replace(/"sequence_num":\d+/, `"sequence_num":${n}`);
    if (out !== frame) next.set(connId, n + 1);
    return out;
  };
  return {
    symbol: recorded,
    path: '/',
    read(text): ReplayRequest {
      let message: { type?: unknown; channel?: unknown; product_ids?: unknown };
      try {
        message = JSON.parse(text) as typeof message;
      } catch {
        return { replies: [formatCoinbaseError('Failed to parse the request')] };
      }
      const { type, channel } = message ?? {};
      if (channel === 'heartbeats') return {};
      const ids = Array.isArray(message?.product_ids) ? (message.product_ids as unknown[]) : [];
      if ((channel !== 'level2' && channel !== 'ticker') || ids.length === 0 || ids.some((p) => p !== recorded)) {
        return { replies: [formatCoinbaseError(`Failed to subscribe: only ${recorded} level2 and ticker are recorded`)] };
      }
      if (type === 'subscribe') return { subscribe: [channel] };
      if (type === 'unsubscribe') return { unsubscribe: [channel] };
      return { replies: [formatCoinbaseError(`Failed to subscribe: unknown message type ${JSON.stringify(type)}`)] };
    },
    frames: (stream) => streams.get(stream) ?? [],
    ...(options.renumber ? { rewrite: renumber, forget: (connId: string) => next.delete(connId) } : {}),
  };
}
