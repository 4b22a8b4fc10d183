import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where one recorded session's timeline lives. */
export interface RecordingFile {
  /** e.g. `binance-spot_BTCUSDT_2024-08-08` */
  readonly session: string;
  readonly market: string;
  readonly symbol: string;
  readonly timeline: string;
}

/** The recordings found and where they came from (shown in the report). */
export interface RecordingSource {
  readonly source: string;
  readonly files: readonly RecordingFile[];
}

// Outside the repository: used only until @lob/exchange-sim ships the project's copy with listRecordings().
const SHARED_COPY = '/work/shared/data/binance-recorded';

interface SimModule {
  listRecordings?: () => RecordingFile[];
}

/**
 * The one switch between recording sources: the exchange simulator's listRecordings() when the package provides it,
 * else the shared copy. The specifier is a variable so typecheck does not depend on the exchange simulator's progress.
 */
export async function findRecordings(): Promise<RecordingSource> {
  const specifier = '@lob/exchange-sim';
  try {
    const sim = (await import(specifier)) as SimModule;
    if (typeof sim.listRecordings === 'function') return { source: '@lob/exchange-sim listRecordings()', files: sim.listRecordings() };
  } catch {
    // Not there yet (or broken mid-change): fall back below.
  }
  if (!existsSync(SHARED_COPY)) throw new Error(`no recordings: @lob/exchange-sim has no listRecordings() and ${SHARED_COPY} is missing`);
  return { source: SHARED_COPY, files: listDirectory(SHARED_COPY) };
}

function listDirectory(dir: string): RecordingFile[] {
  const suffix = '.timeline.txt.gz';
  return readdirSync(dir)
    .filter((file) => file.endsWith(suffix))
    .sort()
    .map((file) => {
      const session = file.slice(0, -suffix.length);
      const parts = session.split('_');
      return {
        session,
        market: (parts[0] ?? '').replace(/^binance-/, ''),
        symbol: parts.slice(1, -1).join('_'),
        timeline: join(dir, file),
      };
    });
}
