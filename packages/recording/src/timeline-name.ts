/** The ending every timeline file name has (a `.part` follows it while the file is being written). */
export const TIMELINE_SUFFIX = '.timeline.txt.gz';
/** Appended to a timeline file's name until it is closed. */
export const PART_SUFFIX = '.part';

/** `yyyymmddThhmmssZ` of a time (UTC). */
export function utcStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** A symbol as file names carry it: `/` (Kraken's BTC/USD) becomes `-`, anything unsafe becomes `_`. */
export function fileSymbol(symbol: string): string {
  return symbol.replace(/\//g, '-').replace(/[^A-Za-z0-9._-]/g, '_');
}

/**
 * `<venue>_<SYMBOL>_<yyyymmddThhmmssZ>[_nnnn].timeline.txt.gz`: `nnnn` counts files opened in the same second,
 * zero-padded so that names sort in the order the files were written (`_0010` after `_0009`).
 */
export function timelineFileName(venue: string, symbol: string, openedAtMs: number, n = 0): string {
  return `${venue}_${fileSymbol(symbol)}_${utcStamp(openedAtMs)}${n === 0 ? '' : `_${String(n).padStart(4, '0')}`}${TIMELINE_SUFFIX}`;
}

/** What a timeline file's name says: its venue and its symbol as the file name spells it. */
export interface TimelineName {
  readonly venue: string;
  readonly symbol: string;
}

/**
 * Reads `<venue>_<SYMBOL>_<stamp>[_n].timeline.txt.gz[.part]` (lob's) or `<venue>_<SYMBOL>_<date>.timeline.txt.gz`
 * (the project's older recordings, whose symbols may hold `_`, e.g. BCHUSD_210924); undefined for any other name.
 */
export function parseTimelineName(baseName: string): TimelineName | undefined {
  const name = baseName.endsWith(PART_SUFFIX) ? baseName.slice(0, -PART_SUFFIX.length) : baseName;
  if (!name.endsWith(TIMELINE_SUFFIX)) return undefined;
  const stem = name.slice(0, -TIMELINE_SUFFIX.length);
  const ours = /^([a-z0-9-]+)_(.+)_\d{8}T\d{6}Z(?:_\d+)?$/.exec(stem);
  const older = ours ?? /^([a-z0-9-]+)_(.+)_[^_]+$/.exec(stem);
  if (older === null) return undefined;
  return { venue: older[1]!, symbol: older[2]! };
}
