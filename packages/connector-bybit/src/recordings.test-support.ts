import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Level } from '@lob/core';

const DIR = new URL('../fixtures/recordings/', import.meta.url);

/** A best bid/ask frame of the recording and where it stands against the book messages (checkpoints.jsonl). */
export interface TickerCheckpoint {
  /** Timeline line of the ticker frame. */
  readonly line: number;
  /** Timeline line of the last book message with `seq` <= the ticker's `cs`: the book state it is compared with. */
  readonly bookLine: number;
  readonly bid: string;
  readonly ask: string;
  /** Whether the recording's own rebuild at bookLine had the ticker's best prices (clocks differ: not always). */
  readonly priceAgrees: boolean;
}

/** One recorded session as shipped in fixtures/recordings (copied from cryptofeed's sample data). */
export interface Recording {
  readonly id: string;
  /** `linear` or `spot`. */
  readonly category: 'linear' | 'spot';
  readonly symbol: string;
  /** Path of the `*.timeline.txt.gz` (what the simulator's ReplaySim plays). */
  readonly timeline: string;
  /** Raw frames in arrival order (the receive time stripped), tickers included. */
  readonly frames: readonly string[];
  /** Timeline line of every order-book frame, in order. */
  readonly bookLines: readonly number[];
  readonly checkpoints: readonly TickerCheckpoint[];
  readonly finalBook: { readonly u: number; readonly seq: number; readonly bids: Level[]; readonly asks: Level[] };
}

/** Every session in fixtures/recordings, by id. */
export function listRecordings(): Recording[] {
  return readdirSync(DIR)
    .filter((name) => name.endsWith('.timeline.txt.gz'))
    .sort()
    .map((name) => loadRecording(name.slice(0, -'.timeline.txt.gz'.length)));
}

function loadRecording(id: string): Recording {
  // id = bybit-<category>_<SYMBOL>_<date>
  const [head, symbol] = id.split('_') as [string, string];
  const category = head.slice('bybit-'.length) as Recording['category'];
  const timeline = fileURLToPath(new URL(`${id}.timeline.txt.gz`, DIR));
  const text = gunzipSync(readFileSync(timeline)).toString('utf8');
  const frames = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.slice(line.indexOf(' ') + 1));
  const bookLines = frames.flatMap((frame, line) => (frame.startsWith('{"topic":"orderbook.') ? [line] : []));
  const checkpoints: TickerCheckpoint[] = [];
  const checkpointFile = new URL(`${id}.checkpoints.jsonl`, DIR);
  if (existsSync(checkpointFile)) {
    for (const line of readFileSync(checkpointFile, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const c = JSON.parse(line) as { line: number; book_line: number; b: string; a: string; price_agrees: boolean };
      checkpoints.push({ line: c.line, bookLine: c.book_line, bid: c.b, ask: c.a, priceAgrees: c.price_agrees });
    }
  }
  const finalBook = JSON.parse(readFileSync(new URL(`${id}.final_book.json`, DIR), 'utf8')) as Recording['finalBook'];
  return { id, category, symbol, timeline, frames, bookLines, checkpoints, finalBook };
}
