import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Level } from '@lob/core';
import { socketFrames } from './socket-frames.js';

/** A venue whose recordings ship with its connector package (fixtures/recordings). */
export type Venue = 'okx' | 'kraken' | 'bybit' | 'coinbase';

/** One recorded venue session, read once up front so the timed part starts from the raw strings. */
export interface VenueRecording {
  readonly venue: Venue;
  /** The file stem, e.g. `okx-books-l2-tbt_ZEN-USDT_2022-02-27`. */
  readonly session: string;
  /** Raw frames in arrival order (receive time stripped), acks and snapshots included: the session as received. */
  readonly frames: readonly string[];
  /**
   * Timeline line → the checksum the venue published after that line (checkpoints.jsonl), for venues that send
   * checksums; empty for the others (Bybit's and Coinbase's checkpoints are ticker frames, an approximate oracle,
   * not a proof).
   */
  readonly checkpoints: ReadonlyMap<number, number>;
  /** The book at the end of the whole session (final_book.json), best first. */
  readonly finalBook: { readonly bids: readonly Level[]; readonly asks: readonly Level[] };
}

/** Where each venue's recordings are, and whether its checkpoints are checksums the paths verify. */
const VENUES: Readonly<Record<Venue, { readonly package: string; readonly checksums: boolean }>> = {
  okx: { package: '@lob/connector-okx', checksums: true },
  kraken: { package: '@lob/connector-kraken', checksums: true },
  bybit: { package: '@lob/connector-bybit', checksums: false },
  coinbase: { package: '@lob/connector-coinbase', checksums: false },
};

/** Every venue whose recordings the benchmark replays, in report order. */
export const VENUE_RECORDINGS: readonly Venue[] = Object.keys(VENUES) as Venue[];

/**
 * The connector's recordings folder, found through module resolution (its entry is src/index.ts) rather than a
 * path relative to this file, so the benchmark reads whatever copy of the connector it actually depends on.
 */
export function recordingsDir(venue: Venue): string {
  const entry = createRequire(import.meta.url).resolve(VENUES[venue].package);
  return join(dirname(dirname(entry)), 'fixtures', 'recordings');
}

/**
 * Reads a session: `<session>.timeline.txt.gz` (lines `<receive ns> <frame>`), its checkpoints and final book.
 * With `maxFrames` only the first frames are kept (smoke runs); the final book then no longer applies.
 */
export function loadVenueRecording(venue: Venue, session: string, maxFrames?: number): VenueRecording {
  const dir = recordingsDir(venue);
  const text = gunzipSync(readFileSync(join(dir, `${session}.timeline.txt.gz`))).toString('utf8');
  const frames = socketFrames(
    text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.slice(line.indexOf(' ') + 1))
      .slice(0, maxFrames),
  );
  const checkpoints = new Map<number, number>();
  const checkpointLines = VENUES[venue].checksums ? readFileSync(join(dir, `${session}.checkpoints.jsonl`), 'utf8').split('\n') : [];
  for (const line of checkpointLines) {
    if (line.trim() === '') continue;
    // OKX writes the checksum as a number, Kraken as a string of its unsigned value.
    const entry = JSON.parse(line) as { line: number; checksum: number | string };
    checkpoints.set(entry.line, Number(entry.checksum));
  }
  const finalBook = JSON.parse(readFileSync(join(dir, `${session}.final_book.json`), 'utf8')) as VenueRecording['finalBook'];
  return { venue, session, frames, checkpoints, finalBook };
}
