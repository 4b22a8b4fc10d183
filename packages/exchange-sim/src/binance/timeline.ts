import { basename } from 'node:path';
import { BinanceSimError } from '../market/errors.js';
import { readTimelineLines } from '../market/timeline-file.js';
import { isSimMarket } from './market-rules.js';
import type { SimMarket } from './types.js';

/** A recorded session, ready to be served. */
export interface Timeline {
  /** Uppercase symbol of the depth stream. */
  readonly symbol: string;
  /** Market named by the file (binance-<market>_...), when it follows the recordings' naming. */
  readonly marketFromName: SimMarket | undefined;
  /** Depth frames exactly as recorded (combined-stream text). */
  readonly frames: readonly string[];
  /** The `data` part of each frame, byte for byte, for /ws connections. */
  readonly datas: readonly string[];
  /** Number of depth frames recorded before the snapshot line. */
  readonly snapshotIndex: number;
  /** The REST snapshot body exactly as recorded. */
  readonly snapshotBody: string;
}

function bad(path: string, message: string): BinanceSimError {
  return new BinanceSimError('bad-recording', `${path}: ${message}`);
}

/** Reads a `*.timeline.txt.gz` (lines `<receive ns> <raw text>`), keeping depth frames and the snapshot, dropping bookTicker. */
export function readTimeline(path: string): Timeline {
  const frames: string[] = [];
  const datas: string[] = [];
  let snapshotIndex = -1;
  let snapshotBody = '';
  let lowerSymbol: string | undefined;
  for (const { raw } of readTimelineLines(path)) {
    if (raw.startsWith('{"lastUpdateId"')) {
      if (snapshotIndex >= 0) throw bad(path, 'more than one snapshot');
      snapshotIndex = frames.length;
      snapshotBody = raw;
      continue;
    }
    if (!raw.startsWith('{"stream":"')) throw bad(path, 'a record that is neither a stream frame nor a snapshot');
    const nameEnd = raw.indexOf('"', 11);
    const stream = raw.slice(11, nameEnd);
    const at = stream.indexOf('@');
    if (!stream.slice(at).startsWith('@depth')) continue; // bookTicker and anything else is not served
    const streamSymbol = stream.slice(0, at);
    if (lowerSymbol === undefined) lowerSymbol = streamSymbol;
    else if (lowerSymbol !== streamSymbol) throw bad(path, 'depth frames of more than one symbol');
    const prefix = `{"stream":"${stream}","data":`;
    if (!raw.startsWith(prefix) || !raw.endsWith('}')) throw bad(path, 'a frame not in compact combined form');
    frames.push(raw);
    // A slice of the recorded text, not a re-serialisation: /ws clients get the event byte for byte.
    datas.push(raw.slice(prefix.length, -1));
  }
  if (lowerSymbol === undefined || snapshotIndex < 0) throw bad(path, 'no depth frames or no snapshot');
  const prefix = basename(path).split('_')[0] ?? '';
  const named = prefix.startsWith('binance-') ? prefix.slice('binance-'.length) : undefined;
  return {
    symbol: lowerSymbol.toUpperCase(),
    marketFromName: isSimMarket(named) ? named : undefined,
    frames,
    datas,
    snapshotIndex,
    snapshotBody,
  };
}
