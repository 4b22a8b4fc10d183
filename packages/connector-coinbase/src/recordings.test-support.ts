import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Level } from '@lob/core';

const DIR = new URL('../fixtures/recordings/', import.meta.url);

/** The recorded best bid/ask frame at one timeline line, and whether the recorder's own book agreed with it there. */
export interface TickerCheckpoint {
  readonly line: number;
  readonly b: string;
  readonly B: string;
  readonly a: string;
  readonly A: string;
  readonly price_agrees: boolean;
  readonly qty_agrees: boolean;
}

/** The Coinbase session in fixtures/recordings (copied from cryptofeed's sample data). */
export interface Recording {
  readonly id: string;
  readonly productId: string;
  /** Raw frames in arrival order (the receive time stripped). */
  readonly frames: readonly string[];
  readonly checkpoints: readonly TickerCheckpoint[];
  readonly finalBook: { readonly sequence_num: number; readonly bids: Level[]; readonly asks: Level[] };
}

export const RECORDING_ID = 'coinbase-advanced_ETH-USD_2026-08-09';

/** Loads the recorded ETH-USD level2 session. */
export function loadRecording(id = RECORDING_ID): Recording {
  const text = gunzipSync(readFileSync(new URL(`${id}.timeline.txt.gz`, DIR))).toString('utf8');
  const frames = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.slice(line.indexOf(' ') + 1));
  const checkpoints = readFileSync(new URL(`${id}.checkpoints.jsonl`, DIR), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as TickerCheckpoint);
  const finalBook = JSON.parse(readFileSync(new URL(`${id}.final_book.json`, DIR), 'utf8')) as Recording['finalBook'];
  return { id, productId: id.split('_')[1]!, frames, checkpoints, finalBook };
}

/** The sequence_num of a recorded frame (every frame of this session has one). */
export function sequenceNumOf(frame: string): number {
  const match = /"sequence_num":(\d+)/.exec(frame);
  if (match === null) throw new Error(`recorded frame without sequence_num: ${frame.slice(0, 120)}`);
  return Number(match[1]);
}

/** Whether a recorded frame is an l2_data (book) frame. */
export function isBookFrame(frame: string): boolean {
  return frame.startsWith('{"channel":"l2_data"');
}
