import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { recordingsDir } from './binance/recordings.js';
import { bybitReplayVenue } from './bybit/bybit-replay.js';
import { BYBIT_CATEGORIES, type BybitCategory } from './bybit/bybit-listings.js';
import { coinbaseReplayVenue } from './coinbase/coinbase-replay.js';
import { krakenReplayVenue } from './kraken/kraken-replay.js';
import { ExchangeSimError } from './market/errors.js';
import { ReplayExchange, type ReplayVenue } from './market/replay-engine.js';
import { readTimelineLines } from './market/timeline-file.js';
import type { VenueFault } from './market/venue-faults.js';
import type { VenueSimStats } from './market/wire-connection.js';
import { okxReplayVenue } from './okx/okx-replay.js';

/** The venues whose recordings the shared replay serves (Binance has its own, with REST snapshots). */
export type ReplayVenueName = 'okx' | 'kraken' | 'bybit' | 'coinbase';

/** How to start a ReplaySim. */
export interface ReplaySimOptions {
  /** Path of a `*.timeline.txt.gz` (the recordings README's format). */
  timeline: string;
  /** The venue; default read from the file name (`okx-`/`okcoin-`, `kraken-`, `bybit-<category>_`, `coinbase-`). */
  venue?: ReplayVenueName;
  /** Bybit's category (default from the file name, `bybit-linear_…`). */
  category?: BybitCategory;
  /** Coinbase: rewrite sequence_num to the connection's own count (see CoinbaseReplayOptions). */
  renumber?: boolean;
  port?: number;
}

/** One recorded session shipped in recordings/<venue>/. */
export interface VenueRecordingInfo {
  session: string;
  venue: ReplayVenueName;
  symbol: string;
  timeline: string;
  finalBook: string;
}

function venueOf(file: string): { venue: ReplayVenueName; category?: BybitCategory } | undefined {
  const name = basename(file);
  if (name.startsWith('okx-') || name.startsWith('okcoin-')) return { venue: 'okx' };
  if (name.startsWith('kraken-')) return { venue: 'kraken' };
  if (name.startsWith('coinbase-')) return { venue: 'coinbase' };
  const bybit = /^bybit-([a-z]+)_/.exec(name);
  if (bybit && BYBIT_CATEGORIES.includes(bybit[1] as BybitCategory)) return { venue: 'bybit', category: bybit[1] as BybitCategory };
  return undefined;
}

/** The Bybit and Coinbase sessions shipped with the package (recordings/bybit, recordings/coinbase). */
export function listVenueRecordings(): VenueRecordingInfo[] {
  const out: VenueRecordingInfo[] = [];
  for (const folder of ['bybit', 'coinbase']) {
    const dir = join(recordingsDir(), folder);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith('.timeline.txt.gz')) continue;
      const session = file.slice(0, -'.timeline.txt.gz'.length);
      out.push({
        session,
        venue: folder as ReplayVenueName,
        // <exchange>-<channel>_<SYMBOL>_<date>
        symbol: session.split('_')[1] ?? '',
        timeline: join(dir, file),
        finalBook: join(dir, `${session}.final_book.json`),
      });
    }
  }
  return out;
}

/**
 * Replays one recorded OKX, Kraken (v1), Bybit or Coinbase session on a loopback port, through the shared replay
 * engine: a client that subscribes the recorded symbol as the venue would gets the recorded frames, verbatim, in
 * order, as fast as its socket drains.
 */
export class ReplaySim {
  /** The venue's WebSocket URL (OKX /ws/v5/public, Kraken v1 and Coinbase /, Bybit /v5/public/<category>). */
  readonly wsUrl: string;
  /** REST base (the replay serves no REST: 404). */
  readonly restUrl: string;

  private constructor(private readonly exchange: ReplayExchange) {
    this.wsUrl = `ws://127.0.0.1:${exchange.port}${exchange.venue.path === '/' ? '' : exchange.venue.path}`;
    this.restUrl = `http://127.0.0.1:${exchange.port}`;
  }

  /** Starts a replay of `options.timeline`. */
  static async start(options: ReplaySimOptions): Promise<ReplaySim> {
    if (typeof options?.timeline !== 'string') throw new ExchangeSimError('invalid-option', 'timeline must be a path');
    const guessed = venueOf(options.timeline);
    const venue = options.venue ?? guessed?.venue;
    if (venue === undefined) throw new ExchangeSimError('invalid-option', `cannot tell the venue of ${options.timeline}: pass venue`);
    const lines = readTimelineLines(options.timeline);
    let wire: ReplayVenue;
    if (venue === 'okx') wire = okxReplayVenue(lines);
    else if (venue === 'kraken') wire = krakenReplayVenue(lines);
    else if (venue === 'bybit') wire = bybitReplayVenue(lines, options.category ?? guessed?.category ?? 'linear');
    else if (venue === 'coinbase') wire = coinbaseReplayVenue(lines, { renumber: options.renumber ?? false });
    else throw new ExchangeSimError('invalid-option', `no replay for venue ${String(venue)}`);
    return new ReplaySim(await ReplayExchange.start(wire, { port: options.port }));
  }

  /** The recorded symbol, as the venue spells it (OKX instId, Kraken v1 pair, Bybit symbol, Coinbase product_id). */
  get symbol(): string {
    return this.exchange.venue.symbol;
  }

  /** Resolves once a connection received every recorded frame of a stream it subscribed to. */
  replayDone(): Promise<void> {
    return this.exchange.replayDone();
  }

  /** Injects disconnect, silence (frames are delayed, never lost) or garbage; other kinds throw. */
  inject(fault: VenueFault): void {
    this.exchange.inject(fault);
  }

  /** Ids of the open connections. */
  connectionIds(): string[] {
    return this.exchange.connectionIds();
  }

  /** What the replay counted so far. */
  stats(): VenueSimStats {
    return this.exchange.stats();
  }

  /** Closes sockets, server and pumps. Safe to call twice. */
  close(): Promise<void> {
    return this.exchange.close();
  }
}
