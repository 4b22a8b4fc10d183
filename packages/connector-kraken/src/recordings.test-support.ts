import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Level } from '@lob/core';

/** Where the copied Kraken recordings live (the tests read only these copies, never ../shared). */
export const RECORDINGS_DIR = resolve(fileURLToPath(new URL('../fixtures/recordings/', import.meta.url)));

/** One recorded session: its timeline frames, checksum checkpoints and final book. */
export interface Recording {
  readonly id: string;
  /** Raw frames in arrival order (the receive-time prefix removed); index = timeline line. */
  readonly frames: readonly string[];
  /** Kraken's checksum after the message on each timeline line that carries one. */
  readonly checkpoints: ReadonlyMap<number, number>;
  readonly finalBook: { readonly bids: readonly Level[]; readonly asks: readonly Level[] };
}

/** Lists the session ids in the fixtures folder. */
export function recordingIds(): string[] {
  return readdirSync(RECORDINGS_DIR)
    .filter((name) => name.endsWith('.timeline.txt.gz'))
    .map((name) => name.slice(0, -'.timeline.txt.gz'.length))
    .sort();
}

/** Loads one session: each timeline line is `<receive ns> <raw frame>`, split at the first space. */
export function loadRecording(id: string): Recording {
  const text = gunzipSync(readFileSync(resolve(RECORDINGS_DIR, `${id}.timeline.txt.gz`))).toString('utf8');
  const frames = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.slice(line.indexOf(' ') + 1));
  const checkpoints = new Map<number, number>();
  for (const line of readFileSync(resolve(RECORDINGS_DIR, `${id}.checkpoints.jsonl`), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const entry = JSON.parse(line) as { line: number; checksum: string };
    checkpoints.set(entry.line, Number(entry.checksum));
  }
  const finalBook = JSON.parse(readFileSync(resolve(RECORDINGS_DIR, `${id}.final_book.json`), 'utf8')) as Recording['finalBook'];
  return { id, frames, checkpoints, finalBook };
}
