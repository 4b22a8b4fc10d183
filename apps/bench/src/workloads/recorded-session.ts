import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { BookSnapshot, DepthUpdate, Level, SequencingRules } from '@lob/core';
import { futuresRules, spotRules } from '@lob/connector-binance';
import type { RecordingFile } from './recording-files.js';

/** One recorded session, parsed once up front so the timed part touches only the book. */
export interface RecordedSession {
  readonly session: string;
  readonly market: 'spot' | 'usdm' | 'coinm';
  readonly symbol: string;
  readonly snapshot: BookSnapshot;
  /** Every diff frame of the session exactly as received (combined-stream text), in order. */
  readonly frames: readonly string[];
  /** The same frames parsed, levels as JSON.parse made them. */
  readonly updates: readonly DepthUpdate[];
  /** Index in `updates`/`frames` of the first event applied on top of the snapshot (earlier ones are stale). */
  readonly bridgeIndex: number;
  /** Level changes in the whole session (all diff frames). */
  readonly levelChanges: number;
}

interface RawDepth {
  E: number;
  s: string;
  U: number;
  u: number;
  pu?: number;
  b: Level[];
  a: Level[];
}

/** The sequencing rules of a recorded market, from the connector. */
export function rulesOf(market: string): SequencingRules {
  return market === 'spot' ? spotRules : futuresRules;
}

/**
 * Reads and parses a timeline: the snapshot, every diff frame, and where the snapshot bridges into them.
 * With `maxEvents`, parsing stops once that many events follow the snapshot (smoke runs; counts then shrink).
 */
export function loadRecordedSession(file: RecordingFile, maxEvents?: number): RecordedSession {
  const text = gunzipSync(readFileSync(file.timeline)).toString('utf8');
  let snapshot: BookSnapshot | undefined;
  const frames: string[] = [];
  const updates: DepthUpdate[] = [];
  let levelChanges = 0;
  let afterSnapshot = 0;
  for (const line of text.split('\n')) {
    if (maxEvents !== undefined && afterSnapshot >= maxEvents) break;
    const raw = line.slice(line.indexOf(' ') + 1);
    if (raw.startsWith('{"lastUpdateId"')) {
      snapshot = JSON.parse(raw) as BookSnapshot;
      continue;
    }
    if (!raw.startsWith('{"stream":"')) continue;
    const frame = JSON.parse(raw) as { stream: string; data: RawDepth };
    if (!frame.stream.includes('@depth')) continue; // bookTicker
    const d = frame.data;
    // A frame as the WebSocket hands it over: its own flat string (Buffer.toString), not a view into the recording's text,
    // which would make every read of a character go through the view.
    frames.push(Buffer.from(raw, 'utf8').toString('utf8'));
    updates.push({ type: 'depth', symbol: d.s, firstId: d.U, lastId: d.u, prevLastId: d.pu, eventTime: d.E, bids: d.b, asks: d.a });
    levelChanges += d.b.length + d.a.length;
    if (snapshot !== undefined) afterSnapshot++;
  }
  if (snapshot === undefined) throw new Error(`${file.session}: no snapshot in the timeline`);
  const market = file.market as RecordedSession['market'];
  const bridgeIndex = findBridge(file.session, updates, snapshot.lastUpdateId, rulesOf(market));
  return { session: file.session, market, symbol: file.symbol, snapshot, frames, updates, bridgeIndex, levelChanges };
}

/** First event that is not stale for the snapshot; it must bridge it and every later event must continue. */
function findBridge(session: string, updates: readonly DepthUpdate[], snapshotId: number, rules: SequencingRules): number {
  const bridge = updates.findIndex((u) => rules.classify(u, snapshotId, true) !== 'stale');
  const first = updates[bridge];
  if (first === undefined || rules.classify(first, snapshotId, true) !== 'apply') throw new Error(`${session}: the snapshot does not bridge`);
  let id = first.lastId;
  for (let i = bridge + 1; i < updates.length; i++) {
    const u = updates[i] as DepthUpdate;
    if (rules.classify(u, id, false) !== 'apply') throw new Error(`${session}: gap before event ${i}`);
    id = u.lastId;
  }
  return bridge;
}
