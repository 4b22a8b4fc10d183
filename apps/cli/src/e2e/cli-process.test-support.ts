import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real `lob` binary, run as users run it. */
export const LOB_BIN = fileURLToPath(new URL('../../bin/lob.js', import.meta.url));

/** A log record the CLI wrote to stderr (JSON lines, since stderr is not a terminal here). */
export interface LogRecord {
  readonly level: string;
  readonly msg: string;
  readonly [key: string]: unknown;
}

/** A running `lob` child process and what it has written so far. */
export class CliProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;

  private constructor(readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
  }

  /**
   * Spawns `node bin/lob.js ...args` in an empty directory (so no config.toml is picked up by accident), with an
   * environment free of the npm/Nx variables that change where paths resolve.
   */
  static start(args: readonly string[], options: { cwd?: string } = {}): CliProcess {
    const env = { ...process.env };
    for (const key of ['INIT_CWD', 'NX_WORKSPACE_ROOT', 'npm_lifecycle_event', 'FORCE_COLOR', 'NO_COLOR']) delete env[key];
    const cwd = options.cwd ?? mkdtempSync(path.join(os.tmpdir(), 'lob-e2e-'));
    return new CliProcess(spawn(process.execPath, [LOB_BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  /** The JSON log records written to stderr so far. */
  logs(): LogRecord[] {
    return this.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogRecord);
  }

  /** Waits for a log record matching `test`, failing with what was written if it does not come. */
  async waitForLog(test: (record: LogRecord) => boolean, timeoutMs = 15_000): Promise<LogRecord> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = this.logs().find(test);
      if (found !== undefined) return found;
      if (Date.now() > end) throw new Error(`no such log line within ${timeoutMs} ms; stderr:\n${this.stderr}`);
      if (this.child.exitCode !== null) throw new Error(`lob exited with ${this.child.exitCode}; stderr:\n${this.stderr}`);
      await sleep(25);
    }
  }

  /** The base URL of the HTTP API, from the line the CLI announces it with. */
  async httpUrl(): Promise<string> {
    const record = await this.waitForLog((r) => r.event === 'http-listening');
    return record.url as string;
  }

  /** Sends a signal and returns the exit status and how long the process took to exit. */
  async signal(signal: NodeJS.Signals): Promise<{ code: number | null; ms: number }> {
    const sent = Date.now();
    this.child.kill(signal);
    const { code, at } = await this.exited;
    return { code, ms: at - sent };
  }

  /** Kills the process if it still runs (test cleanup). */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `fn` until it returns a value other than undefined. */
export async function eventually<T>(fn: () => Promise<T | undefined>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** GETs a URL and returns status and parsed JSON (or text). */
export async function getJson(url: string): Promise<{ status: number; body: any }> {
  // As a well-behaved client does: a 503 of lob's load shedding (a busy test machine can set it off) is asked again
  // after its Retry-After, a bounded number of times.
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(url);
    const text = await res.text();
    if (res.status === 503 && res.headers.get('retry-after') !== null && attempt < 20) {
      await sleep(Number(res.headers.get('retry-after')) * 1000);
      continue;
    }
    return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
  }
}
