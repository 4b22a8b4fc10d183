import { readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A fresh empty directory under the system's temp dir. */
export function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'lob-recording-'));
}

/** The file names in a directory, sorted. */
export function filesIn(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** Resolves once `test` holds, polling; rejects with `what` after `timeoutMs`. */
export async function until(test: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
