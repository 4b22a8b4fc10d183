import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TmuxSession } from './tmux-session.test-support.js';

const WORKSPACE = fileURLToPath(new URL('../../../../', import.meta.url));
const REPLACEMENT_CHARACTER = Buffer.from('\uFFFD', 'utf8');

/** This test runs under `nx run-many`: the inner nx must not think it is one of the outer run's tasks. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('NX_') || key.startsWith('npm_') || key.startsWith('JEST') || key === 'INIT_CWD' || key === 'NO_COLOR' || key === 'FORCE_COLOR') continue;
    env[key] = value;
  }
  return { ...env, TERM: 'xterm-256color', NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs: number, explain: () => string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`${what} did not happen within ${timeoutMs} ms:\n${explain()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('nx run cli:serve in a real terminal', () => {
  let session: TmuxSession | undefined;
  afterEach(() => {
    session?.kill();
    session = undefined;
  });

  it('draws whole characters, redraws at a new size, switches layouts by key, and exits 0 on Ctrl-C', async () => {
    const tty = TmuxSession.start('npx nx run cli:serve --demo --pairs btcusdt,ethusdt', {
      cols: 120,
      rows: 40,
      cwd: WORKSPACE,
      env: userEnv(),
    });
    session = tty;
    const explain = (): string => tty.screen().join('\n');
    // The header spans the terminal: its right end ("q quit") sits in the last columns.
    const headerWidth = (): number | undefined => {
      const header = tty.screen().find((row) => row.startsWith('lob '));
      return header === undefined || !header.trimEnd().endsWith('q quit') ? undefined : header.trimEnd().length;
    };
    expect(await waitFor('the view at 120 columns', () => (headerWidth() === 120 ? 120 : undefined), 90_000, explain)).toBe(120);
    await waitFor('a live book', () => (tty.screen().some((row) => row.includes('BTCUSDT') && row.includes('live')) ? true : undefined), 60_000, explain);

    tty.resize(100, 30);
    expect(await waitFor('the view redrawn at 100 columns', () => (headerWidth() === 100 ? 100 : undefined), 30_000, explain)).toBe(100);

    // The v key cycles the layouts: the ladder (its spread row), then one row per book (its header).
    tty.sendKeys('v');
    await waitFor('the ladder', () => (tty.screen().some((row) => /│─ spread .* · mid /.test(row)) ? true : undefined), 30_000, explain);
    tty.sendKeys('v');
    await waitFor('the table', () => (tty.screen().some((row) => /^venue +symbol +state +bid qty/.test(row)) ? true : undefined), 30_000, explain);

    tty.sendKeys('C-c');
    expect(await waitFor('the exit status', () => tty.exitStatus(), 30_000, explain)).toBe(0);
    const output = tty.output();
    expect(output.length).toBeGreaterThan(10_000);
    expect(output.includes('╭')).toBe(true);
    expect(output.indexOf(REPLACEMENT_CHARACTER)).toBe(-1);
  }, 240_000);

  it("answers --help with lob serve's options", () => {
    const help = execFileSync('npx', ['nx', 'run', 'cli:serve', '--help'], { cwd: WORKSPACE, env: userEnv(), encoding: 'utf8' });
    expect(help).toContain('keep order books in sync');
    for (const flag of ['--pairs', '--market', '--demo', '--http', '--book-depth']) expect(help).toContain(flag);
    expect(help).not.toContain('--script');
  }, 120_000);
});
