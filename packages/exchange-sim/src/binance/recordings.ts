import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSimMarket } from './market-rules.js';
import type { RecordingInfo } from './types.js';

const TIMELINE_SUFFIX = '.timeline.txt.gz';

/** Absolute path of the recordings shipped with the package (found from this file, so it works in any clone). */
export function recordingsDir(): string {
  // src/binance/ and dist/binance/ both sit two levels below recordings/.
  return resolve(fileURLToPath(new URL('../../recordings/', import.meta.url)));
}

/** Every shipped session (`binance-<market>_<SYMBOL>_<date>`) with the absolute paths of its three files. */
export function listRecordings(): RecordingInfo[] {
  const dir = recordingsDir();
  const out: RecordingInfo[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith(TIMELINE_SUFFIX)) continue;
    const session = file.slice(0, -TIMELINE_SUFFIX.length);
    const parts = session.split('_');
    const market = (parts[0] ?? '').replace(/^binance-/, '');
    // The symbol may itself contain "_" (BTCUSD_PERP): it is everything between the market and the date.
    const symbol = parts.slice(1, -1).join('_');
    if (!isSimMarket(market) || symbol === '') continue;
    out.push({
      session,
      market,
      symbol,
      timeline: join(dir, file),
      checkpoints: join(dir, `${session}.bbo_checkpoints.jsonl`),
      finalBook: join(dir, `${session}.final_book.json`),
    });
  }
  return out;
}
