import { BYBIT_PATHS } from '../pipeline/bybit-paths.js';
import { COINBASE_PATHS } from '../pipeline/coinbase-paths.js';
import { krakenPaths, subscribedDepth } from '../pipeline/kraken-paths.js';
import { OKX_PATHS } from '../pipeline/okx-paths.js';
import type { VenuePaths } from '../pipeline/venue-paths.js';
import type { VenueRecording } from './venue-recording.js';

/** What the venue pipeline benchmark replays: a session's raw frames, looping, and the paths to replay them on. */
export interface VenueInput {
  readonly recording: VenueRecording;
  readonly paths: VenuePaths;
  /** Level changes each frame carries, counted once up front so a timed step only adds a number. */
  readonly counts: Int32Array;
  /** Level changes in one pass over the frames. */
  readonly changes: number;
  /** Book messages in one pass over the frames. */
  readonly bookMessages: number;
}

/**
 * Prepares a recording for the benchmark. Every session opens with a snapshot, so looping the frames needs no
 * inverse events (as Binance's do): each pass starts by resetting the book to the snapshot, as a resubscription would.
 */
export function venueInput(recording: VenueRecording): VenueInput {
  const paths = pathsOf(recording);
  const counts = Int32Array.from(recording.frames, (frame) => paths.changes(frame));
  const decoded = recording.frames.map((frame) => paths.decode(frame) as { type?: string; kind?: string });
  const bookMessages = decoded.filter((m) => m.type === 'book' || m.type === 'snapshot' || m.type === 'depth' || m.kind === 'snapshot' || m.kind === 'update').length;
  return { recording, paths, counts, changes: counts.reduce((a, b) => a + b, 0), bookMessages };
}

/** The venue's two paths over this recording. */
function pathsOf(recording: VenueRecording): VenuePaths {
  switch (recording.venue) {
    case 'okx':
      return OKX_PATHS;
    case 'kraken':
      return krakenPaths(subscribedDepth(recording.frames));
    case 'bybit':
      return BYBIT_PATHS;
    case 'coinbase':
      return COINBASE_PATHS;
  }
}
