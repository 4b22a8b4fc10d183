import { copyText } from '@lob/connector-kit';
import { blackhole } from '../measure/blackhole.js';
import type { WorkloadSpec } from '../workloads/catalog.js';

/** The Buffer-or-string measure's name for --filter. */
export const FRAME_BYTES_TASK = 'frame-bytes/strings/binance';

/** ns per level change of the three ways a scanner could get its strings, on one recorded session. */
export interface FrameBytesRow {
  readonly workload: string;
  /** The whole frame decoded from the WebSocket's Buffer to a string (what the stream clients do). */
  readonly decodeFrameNs: number;
  /** Each level's price and quantity cut from that string, as the scanner does (copyText). */
  readonly fromStringNs: number;
  /** The same strings made from the Buffer's bytes instead (toString('latin1', start, end)). */
  readonly fromBufferNs: number;
}

const LEVEL = /\["([^"\\]*)","([^"\\]*)"/g;

/**
 * Whether a scanner should read the WebSocket's Buffer rather than its string: the book keeps every level's price
 * and quantity as strings, so a byte scanner must make those from bytes, while a string scanner decodes the frame
 * once and cuts them from it. Best of `rounds` passes over every frame of each recorded Binance session.
 */
export async function runFrameBytes(catalog: readonly WorkloadSpec[], rounds: number, progress: (text: string) => void): Promise<FrameBytesRow[]> {
  const rows: FrameBytesRow[] = [];
  for (const spec of catalog.filter((w) => w.kind === 'recorded')) {
    const input = (await spec.load()).pipeline;
    if (input === undefined) continue;
    progress(`frame bytes: ${spec.name}`);
    const frames = input.frames;
    const buffers = frames.map((f) => Buffer.from(f, 'utf8'));
    // Where each price and quantity string lies in its frame: [start, end, start, end, ...] (ASCII: bytes = chars).
    const spans = frames.map((f) => [...f.matchAll(LEVEL)].flatMap((m) => [m.index + 2, m.index + 2 + m[1]!.length, m.index + 5 + m[1]!.length, m.index + 5 + m[1]!.length + m[2]!.length]));
    const changes = spans.reduce((n, s) => n + s.length / 4, 0);
    const best = (pass: () => void): number => {
      let min = Infinity;
      for (let r = 0; r < rounds; r++) {
        const t = performance.now();
        pass();
        min = Math.min(min, performance.now() - t);
      }
      return (min * 1e6) / changes;
    };
    const decodeFrameNs = best(() => {
      for (const b of buffers) blackhole.a = b.toString('utf8');
    });
    const fromStringNs = best(() => {
      frames.forEach((f, k) => {
        const s = spans[k]!;
        for (let i = 0; i < s.length; i += 2) blackhole.a = copyText(f, s[i]!, s[i + 1]!);
      });
    });
    const fromBufferNs = best(() => {
      buffers.forEach((b, k) => {
        const s = spans[k]!;
        for (let i = 0; i < s.length; i += 2) blackhole.a = b.toString('latin1', s[i]!, s[i + 1]!);
      });
    });
    rows.push({ workload: spec.name, decodeFrameNs, fromStringNs, fromBufferNs });
    spec.release();
  }
  return rows;
}

/** The section as rows of cells, a header first. */
export function frameBytesCells(rows: readonly FrameBytesRow[]): string[][] {
  return [
    ['workload', 'frame Buffer → string ns/change', 'level strings from the string ns/change', 'string path', 'level strings from the Buffer ns/change', 'Buffer ÷ string path'],
    ...rows.map((r) => {
      const stringPath = r.decodeFrameNs + r.fromStringNs;
      return [r.workload, r.decodeFrameNs.toFixed(1), r.fromStringNs.toFixed(1), stringPath.toFixed(1), r.fromBufferNs.toFixed(1), `${(r.fromBufferNs / stringPath).toFixed(2)}×`];
    }),
  ];
}
