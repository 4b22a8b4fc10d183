import path from 'node:path';
import { ConfigError } from '@lob/core';
import { loadReplayTimeline, parseTimelineName, type ReplaySpeed, type TimelineSource } from '@lob/recording';
import type { BookKind } from '../config/markets.js';
import { DEFAULT_VIEW_DEPTH, type MarketSettings } from '../config/settings.js';
import { findVenue, venueOf } from '../venues/registry.js';
import type { VenueName } from '../venues/venue.js';
import type { ReplayPlan } from './run-serve.js';

/** The `lob replay` options as Commander hands them over. */
export interface ReplayFlags {
  /** Venue the files are from, when their names do not say (or say otherwise). */
  readonly venue?: VenueName;
  readonly speed?: ReplaySpeed;
  readonly book?: BookKind;
  readonly depth?: number;
  readonly snapshotLimit?: number;
  readonly minExactDepth?: number;
}

/** The venues a replay keeps books for (symbols from the files' names) and each one's merged timeline. */
export interface ReplaySetup {
  readonly markets: readonly MarketSettings[];
  readonly plan: ReplayPlan;
}

/**
 * Reads the recordings named on the command line: each file's venue (its name's prefix, or `--venue`) and symbol
 * (its name, in the venue's spelling), then every venue's files merged into one timeline. A file that cannot be
 * read or named is a ConfigError (one line, exit 2); so is a venue lob does not know.
 */
export async function planReplay(files: readonly string[], flags: ReplayFlags, baseDir: string): Promise<ReplaySetup> {
  const byVenue = new Map<VenueName, TimelineSource[]>();
  for (const given of files) {
    const file = path.resolve(baseDir, given);
    const name = parseTimelineName(path.basename(file));
    if (name === undefined) {
      throw new ConfigError('invalid-value', `${given}: not a timeline recording (expected <venue>_<SYMBOL>_<time>.timeline.txt.gz)`, { key: 'files' });
    }
    const venue = flags.venue !== undefined ? venueOf(flags.venue) : findVenue(name.venue);
    if (venue === undefined || (flags.venue === undefined && venue.name !== name.venue)) {
      throw new ConfigError('invalid-value', `${given}: ${JSON.stringify(name.venue)} is not a venue name; say which with --venue`, { key: '--venue' });
    }
    const spelled = venue.spell(name.symbol);
    if ('error' in spelled) throw new ConfigError('invalid-value', `${given}: ${spelled.error}`, { key: 'files' });
    const list = byVenue.get(venue.name) ?? [];
    list.push({ file, symbol: spelled.symbol });
    byVenue.set(venue.name, list);
  }
  const timelines = new Map<string, Awaited<ReturnType<typeof loadReplayTimeline>>>();
  const markets: MarketSettings[] = [];
  for (const [name, sources] of byVenue) {
    try {
      timelines.set(name, await loadReplayTimeline(sources));
    } catch (error) {
      // Unreadable, not gzip, a line without its time: one line for the user, not a stack.
      throw new ConfigError('unreadable', (error as Error).message, { key: 'files' });
    }
    const venue = venueOf(name);
    const rest = venue.options.restSnapshots;
    markets.push({
      exchange: venue.exchange,
      market: venue.name,
      symbols: [...new Set(sources.map((s) => s.symbol))],
      book: flags.book ?? venue.defaultBook,
      depth: flags.depth ?? DEFAULT_VIEW_DEPTH,
      ...(rest === undefined ? {} : { snapshotLimit: flags.snapshotLimit ?? rest.defaultLimit }),
      ...(rest === undefined || flags.minExactDepth === undefined ? {} : { minExactDepth: flags.minExactDepth }),
    });
  }
  return { markets, plan: { timelines, speed: flags.speed ?? 1 } };
}
