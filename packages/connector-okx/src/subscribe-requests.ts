import { ConfigError } from '@lob/core';

/** Whether a request adds channels or drops them. */
export type OkxSubscribeOp = 'subscribe' | 'unsubscribe';

/**
 * The `{"op":...,"args":[{"channel","instId"}...]}` requests that carry these instIds on one channel, each at most
 * `maxBytes` long (UTF-8) as OKX requires (64 KB per request). Fewer requests spend less of the 480-per-hour budget,
 * so each request is filled as far as the size limit allows.
 */
export function subscribeRequests(op: OkxSubscribeOp, channel: string, instIds: readonly string[], maxBytes: number): string[] {
  const head = `{"op":"${op}","args":[`;
  const tail = ']}';
  const requests: string[] = [];
  let args: string[] = [];
  const empty = Buffer.byteLength(head) + Buffer.byteLength(tail);
  let bytes = empty;
  for (const instId of instIds) {
    const arg = JSON.stringify({ channel, instId });
    const size = Buffer.byteLength(arg);
    if (args.length > 0 && bytes + 1 + size > maxBytes) {
      requests.push(head + args.join(',') + tail);
      args = [];
      bytes = empty;
    }
    if (args.length === 0 && bytes + size > maxBytes) {
      throw new ConfigError('invalid-value', `one ${op} argument for ${instId} exceeds ${maxBytes} bytes`, { key: 'maxRequestBytes' });
    }
    bytes += (args.length > 0 ? 1 : 0) + size;
    args.push(arg);
  }
  if (args.length > 0) requests.push(head + args.join(',') + tail);
  return requests;
}
