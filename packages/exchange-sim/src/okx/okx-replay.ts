import { ExchangeSimError } from '../market/errors.js';
import { recordedObject, type ReplayRequest, type ReplayVenue } from '../market/replay-engine.js';
import type { TimelineLine } from '../market/timeline-file.js';
import { OKX_PUBLIC_PATH } from './okx-protocol.js';
import { formatOkxError, okxArg } from './okx-wire-format.js';

/**
 * How an OKX (or OKCoin) recording is replayed: a subscribe naming the recorded instId and channel gets every
 * recorded frame of that instrument (its acknowledgements and pushes, duplicates included) verbatim.
 */
export function okxReplayVenue(lines: readonly TimelineLine[]): ReplayVenue {
  let arg: { channel: string; instId: string } | undefined;
  const frames: string[] = [];
  for (const line of lines) {
    const a = recordedObject(line)?.arg as { channel?: unknown; instId?: unknown } | undefined;
    if (typeof a?.instId !== 'string' || typeof a.channel !== 'string') continue;
    arg ??= { channel: a.channel, instId: a.instId };
    if (a.instId === arg.instId) frames.push(line.raw);
  }
  if (!arg) throw new ExchangeSimError('bad-recording', 'an OKX recording without a frame naming its instrument');
  const recorded = arg;
  // A recording without its acknowledgement still acknowledges the subscribe, as OKX would.
  const acked = frames[0]?.includes('"event":"subscribe"') ?? false;
  return {
    symbol: recorded.instId,
    path: OKX_PUBLIC_PATH,
    read(text, connId): ReplayRequest {
      if (text === 'ping') return { replies: ['pong'] };
      let message: { op?: unknown; args?: { channel?: unknown; instId?: unknown }[] };
      try {
        message = JSON.parse(text) as typeof message;
      } catch {
        return { replies: [formatOkxError('60012', `Invalid request: ${text}`, connId)] };
      }
      const args = Array.isArray(message?.args) ? message.args : [];
      const out: ReplayRequest = { replies: [], subscribe: [], unsubscribe: [] };
      for (const a of args) {
        if (a?.channel !== recorded.channel || a.instId !== recorded.instId) {
          const msg = `Wrong URL or channel:${String(a?.channel)},instId:${String(a?.instId)} doesn't exist. Please use the correct URL, channel and parameters referring to API document.`;
          out.replies!.push(formatOkxError('60018', msg, connId));
        } else if (message.op === 'subscribe') {
          if (!acked) out.replies!.push(`{"event":"subscribe","arg":${okxArg(recorded.channel, recorded.instId)},"connId":"${connId}"}`);
          out.subscribe!.push('book');
        } else if (message.op === 'unsubscribe') {
          out.replies!.push(`{"event":"unsubscribe","arg":${okxArg(recorded.channel, recorded.instId)},"connId":"${connId}"}`);
          out.unsubscribe!.push('book');
        }
      }
      return out;
    },
    frames: () => frames,
  };
}
