import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Level, OrderBook } from '@lob/core';
import { decodeOkxFrame } from './frame-decoder.js';
import { okxChecksum } from './checksum.js';
import { applyOkxBookMessage } from './okx-book.js';
import { classify } from './sequencing.js';
import type { OkxMessage } from './okx-messages.js';

const DIR = new URL('../fixtures/recordings/', import.meta.url);

/** One recorded session as shipped in fixtures/recordings (copied from cryptofeed's sample data). */
export interface Recording {
  readonly id: string;
  readonly exchange: string;
  readonly channel: string;
  readonly instId: string;
  /** Raw frames in arrival order (the receive time stripped). */
  readonly frames: readonly string[];
  /** Timeline line → the checksum OKX's rule gives after applying that line. */
  readonly checkpoints: ReadonlyMap<number, number>;
  readonly finalBook: { readonly bids: Level[]; readonly asks: Level[] };
}

/** Every session in fixtures/recordings, by id. */
export function listRecordings(): Recording[] {
  return readdirSync(DIR)
    .filter((name) => name.endsWith('.timeline.txt.gz'))
    .sort()
    .map((name) => loadRecording(name.slice(0, -'.timeline.txt.gz'.length)));
}

function loadRecording(id: string): Recording {
  // id = <exchange>-<channel>_<instId>_<date>[_cN]; the channel itself contains dashes (books-l2-tbt).
  const [head, instId] = id.split('_') as [string, string];
  const dash = head.indexOf('-');
  const text = gunzipSync(readFileSync(new URL(`${id}.timeline.txt.gz`, DIR))).toString('utf8');
  const frames = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.slice(line.indexOf(' ') + 1));
  const checkpoints = new Map<number, number>();
  for (const line of readFileSync(new URL(`${id}.checkpoints.jsonl`, DIR), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const c = JSON.parse(line) as { line: number; checksum: number };
    checkpoints.set(c.line, c.checksum);
  }
  const finalBook = JSON.parse(readFileSync(new URL(`${id}.final_book.json`, DIR), 'utf8')) as Recording['finalBook'];
  return { id, exchange: head.slice(0, dash), channel: head.slice(dash + 1), instId, frames, checkpoints, finalBook };
}

/** What replaying a session found. */
export interface ReplayResult {
  /** Every decoded message, by line. */
  readonly messages: OkxMessage[];
  /** Book messages whose computed checksum matched both the message's own and the checkpoint. */
  readonly verified: number;
  /** Lines where something disagreed, with what. */
  readonly failures: { line: number; why: string }[];
}

/** Replays frames through the real decoder, sequencing rule and applier, checking every book message. */
export function replay(frames: readonly string[], checkpoints: ReadonlyMap<number, number>, book: OrderBook): ReplayResult {
  const messages: OkxMessage[] = [];
  const failures: { line: number; why: string }[] = [];
  let verified = 0;
  let previousSeqId: number | undefined;
  frames.forEach((frame, line) => {
    const message = decodeOkxFrame(frame);
    messages.push(message);
    if (message.type !== 'book') return;
    const continuity = classify(previousSeqId, message);
    if (continuity !== 'apply') failures.push({ line, why: `classified ${continuity}` });
    previousSeqId = message.seqId;
    applyOkxBookMessage(book, message);
    const computed = okxChecksum(book);
    const expected = checkpoints.get(line);
    if (computed !== message.checksum) failures.push({ line, why: `checksum ${computed}, message says ${message.checksum}` });
    else if (computed !== expected) failures.push({ line, why: `checksum ${computed}, checkpoint says ${String(expected)}` });
    else verified++;
  });
  return { messages, verified, failures };
}
