import { crc32 } from 'node:zlib';
import type { Recording } from './recordings.test-support.js';

type V1Level = [string, string, string, ...string[]];

/** A recorded v1 session rewritten as Kraken v2 would send it. */
export interface V2Session {
  /** v2 spelling of the pair (XBT → BTC, XDG → DOGE). */
  readonly pair: string;
  /** v2 book frames in order: one snapshot, then updates (the v1 subscription answers are left out). */
  readonly frames: readonly string[];
  /** The precisions the v1 strings are written at, for the loopback AssetPairs (`wsname` in v1 spelling). */
  readonly wsname: string;
  readonly precision: { readonly pair_decimals: number; readonly lot_decimals: number };
}

/**
 * Rewrites a v1 session in v2's wire form, independently of the connector: `{"channel":"book","type":...,"data":[{
 * symbol, bids, asks, checksum}]}`, prices and volumes as JSON numbers without trailing zeros (and below 1e-6 in
 * exponent form, as JSON writers print them), both sides of a v1 update in one message. Update checksums are the
 * ones Kraken sent; the snapshot's (v1 sends none, v2 does) is computed here with zlib's CRC32 from the v1 strings.
 * The AssetPairs precisions given are the ones the v1 strings are written at, so the v2 checksums equal v1's.
 */
export function toV2Session(recording: Recording): V2Session {
  const wsname = recording.id.split('_')[1]!.replace('-', '/');
  const pair = wsname.replace(/\bXBT\b/, 'BTC').replace(/\bXDG\b/, 'DOGE');
  const frames: string[] = [];
  let priceDecimals = -1;
  let lotDecimals = -1;
  const decimalsOf = (text: string): number => (text.includes('.') ? text.length - text.indexOf('.') - 1 : 0);
  for (const raw of recording.frames) {
    const parsed = JSON.parse(raw) as unknown;
    if (!Array.isArray(parsed)) continue; // subscription answers: the loopback server writes its own
    const payloads = parsed.slice(1, -2) as Record<string, unknown>[];
    for (const payload of payloads) {
      for (const level of [...((payload.as ?? payload.a ?? []) as V1Level[]), ...((payload.bs ?? payload.b ?? []) as V1Level[])]) {
        priceDecimals = Math.max(priceDecimals, decimalsOf(level[0]));
        lotDecimals = Math.max(lotDecimals, decimalsOf(level[1]));
      }
    }
    const first = payloads[0]!;
    if ('as' in first || 'bs' in first) {
      const asks = (first.as ?? []) as V1Level[];
      const bids = (first.bs ?? []) as V1Level[];
      frames.push(bookFrame('snapshot', pair, bids, asks, snapshotChecksum(asks, bids)));
    } else {
      const merged = Object.assign({}, ...payloads) as { a?: V1Level[]; b?: V1Level[]; c: string };
      frames.push(bookFrame('update', pair, merged.b ?? [], merged.a ?? [], Number(merged.c)));
    }
  }
  return { pair, frames, wsname, precision: { pair_decimals: priceDecimals, lot_decimals: lotDecimals } };
}

/** A v1 decimal string as v2's JSON number text: trailing zeros dropped, tiny values in exponent form. */
export function v2NumberText(v1: string): string {
  const trimmed = v1.includes('.') ? v1.replace(/0+$/, '').replace(/\.$/, '') : v1;
  const tiny = /^0\.(0{6,})([1-9]\d*)$/.exec(trimmed);
  if (tiny === null) return trimmed;
  const digits = tiny[2]!;
  const mantissa = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
  return `${mantissa}e-${tiny[1]!.length + 1}`;
}

/** The exchange's decimal text of a v1 string as a v2 book holds it: the same value, trailing zeros dropped. */
export function v2PlainText(v1: string): string {
  return v1.includes('.') ? v1.replace(/0+$/, '').replace(/\.$/, '') : v1;
}

function bookFrame(type: 'snapshot' | 'update', pair: string, bids: readonly V1Level[], asks: readonly V1Level[], checksum: number): string {
  const side = (levels: readonly V1Level[]): string => `[${levels.map((l) => `{"price":${v2NumberText(l[0])},"qty":${v2NumberText(l[1])}}`).join(',')}]`;
  const timestamp = type === 'update' ? ',"timestamp":"2021-04-17T16:48:53.000000Z"' : '';
  return `{"channel":"book","type":"${type}","data":[{"symbol":"${pair}","bids":${side(bids)},"asks":${side(asks)},"checksum":${checksum}${timestamp}}]}`;
}

// Kraken's rule over v1 strings: the 10 best asks then the 10 best bids, price and volume with the "." removed and
// leading zeros stripped. A snapshot arrives sorted best first.
function snapshotChecksum(asks: readonly V1Level[], bids: readonly V1Level[]): number {
  const field = (text: string): string => text.replace('.', '').replace(/^0+/, '');
  const text = [...asks.slice(0, 10), ...bids.slice(0, 10)].map((l) => field(l[0]) + field(l[1])).join('');
  return crc32(text) >>> 0;
}
