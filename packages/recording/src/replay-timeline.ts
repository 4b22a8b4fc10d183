import { readTimelineFile } from './timeline-reader.js';

/** One frame (or REST snapshot body) to replay: when it was received, its text, and the symbols whose files hold it. */
export interface ReplayEntry {
  readonly ns: bigint;
  readonly raw: string;
  readonly symbols: readonly string[];
}

/** A recorded timeline file and the symbol (in the venue's spelling) it belongs to. */
export interface TimelineSource {
  readonly file: string;
  readonly symbol: string;
}

/**
 * Reads the timelines of one venue and merges them into one list in receive order. A frame written to several
 * symbols' files (it named none of them, or several) is one entry naming those symbols: same time, same text.
 * Rejects with RecordingError when a file cannot be read.
 */
export async function loadReplayTimeline(sources: readonly TimelineSource[]): Promise<ReplayEntry[]> {
  const tagged: { ns: bigint; raw: string; symbol: string }[] = [];
  for (const { file, symbol } of sources) {
    for (const line of await readTimelineFile(file)) tagged.push({ ns: BigInt(line.receivedNs), raw: line.raw, symbol });
  }
  // Stable: lines of one file received in the same ns keep their order.
  tagged.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0));
  const out: ReplayEntry[] = [];
  let sameNs: { ns: bigint; raw: string; symbols: string[] }[] = [];
  for (const line of tagged) {
    if (sameNs.length > 0 && sameNs[0]!.ns !== line.ns) sameNs = [];
    const twin = sameNs.find((e) => e.raw === line.raw && !e.symbols.includes(line.symbol));
    if (twin !== undefined) {
      twin.symbols.push(line.symbol);
      continue;
    }
    const entry = { ns: line.ns, raw: line.raw, symbols: [line.symbol] };
    sameNs.push(entry);
    out.push(entry);
  }
  return out;
}
