import { readFile } from 'node:fs/promises';
import { constants, gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { RecordingError } from './errors.js';
import { PART_SUFFIX } from './timeline-name.js';

const gunzipAsync = promisify(gunzip);

/** One recorded frame: when it arrived (ns, as text: it exceeds a double's exact range) and its raw text. */
export interface TimelineLine {
  readonly receivedNs: string;
  readonly raw: string;
}

/**
 * Reads a `*.timeline.txt.gz`, or the `.part` of one a killed process left: everything up to its last sync flush (a
 * line cut short at the end is left out). Rejects with RecordingError when the file cannot be read or a line has no
 * receive time.
 */
export async function readTimelineFile(file: string): Promise<TimelineLine[]> {
  let text: string;
  try {
    // Decoding as far as the data goes (a sync-flush end) reads a complete file the same and a cut one to its cut.
    const bytes = await gunzipAsync(await readFile(file), { finishFlush: constants.Z_SYNC_FLUSH });
    text = bytes.toString('utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new RecordingError('unreadable-file', `cannot read recording ${file}: ${why}`, { cause: error });
  }
  const lines = text.split('\n');
  // After the last newline: nothing, or in a `.part` a line cut short by a kill (not a frame either way).
  if (file.endsWith(PART_SUFFIX) || lines.at(-1) === '') lines.pop();
  const out: TimelineLine[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.length === 0) continue;
    const space = line.indexOf(' ');
    if (space <= 0 || !/^\d+$/.test(line.slice(0, space))) {
      throw new RecordingError('bad-line', `${file}: line ${index + 1} does not start with a receive time in ns`);
    }
    out.push({ receivedNs: line.slice(0, space), raw: line.slice(space + 1) });
  }
  return out;
}
