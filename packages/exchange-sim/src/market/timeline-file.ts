import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ExchangeSimError } from './errors.js';

/** One recorded frame: when it arrived (ns, as text: it exceeds a double's exact range) and its raw text. */
export interface TimelineLine {
  readonly receivedNs: string;
  readonly raw: string;
}

/**
 * Reads a recording's `*.timeline.txt.gz`, whatever the venue: one line per received frame,
 * `<receive time in ns> <raw text>`, split at the first space. What the frames mean is the venue module's business.
 */
export function readTimelineLines(path: string): TimelineLine[] {
  let text: string;
  try {
    text = gunzipSync(readFileSync(path)).toString('utf8');
  } catch (cause) {
    throw new ExchangeSimError('bad-recording', `cannot read timeline ${path}`, { cause });
  }
  const out: TimelineLine[] = [];
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    const space = line.indexOf(' ');
    if (space < 0) throw new ExchangeSimError('bad-recording', `${path}: a line without a timestamp`);
    out.push({ receivedNs: line.slice(0, space), raw: line.slice(space + 1) });
  }
  return out;
}
