import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';

const CLI_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MARKER = '<!-- watch-books-example';

/** The code block that follows the marker in apps/cli/README.md, exactly as written there. */
async function readmeExample(): Promise<string> {
  const readme = await readFile(path.join(CLI_DIR, 'README.md'), 'utf8');
  const at = readme.indexOf(MARKER);
  expect(at).toBeGreaterThan(-1);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  if (block?.[1] === undefined) throw new Error('no ```ts block after the watchBooks marker');
  return block[1];
}

/** Runs a TypeScript file as the README says (through tsx), bounded: killed after `timeoutMs`. */
function runTs(file: string, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // As a user's shell runs it: not with the test runner's colour variables (CI sets NO_COLOR, jest FORCE_COLOR, and
    // Node warns on stderr when both are set).
    const env = { ...process.env };
    delete env['FORCE_COLOR'];
    delete env['NO_COLOR'];
    const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: path.dirname(file), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('the watchBooks example in apps/cli/README.md', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('runs as written: prints live books with exact levels, then exits on its own', async () => {
    // Inside the checkout (apps/cli, an ESM package), as a user's watch.ts is, so `@lob/cli` and tsx resolve.
    dir = await mkdtemp(path.join(CLI_DIR, '.readme-example-'));
    const file = path.join(dir, 'watch.ts');
    await writeFile(file, await readmeExample());
    const run = await runTs(file, 60_000);
    // Exiting by itself (no signal) means leaving the loop released every connection, timer and the simulator.
    expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    const live = run.stdout.split('\n').filter((line) => / live #/.test(line));
    expect(live).toHaveLength(20);
    for (const line of live) expect(line).toMatch(/^binance-spot (BTCUSDT|ETHUSDT) live #\d+: bid \d+\.\d+ @ \d+\.\d+, ask \d+\.\d+ @ \d+\.\d+$/);
    expect(new Set(live.map((line) => line.split(' ')[1]))).toEqual(new Set(['BTCUSDT', 'ETHUSDT']));
  }, 90_000);
});
