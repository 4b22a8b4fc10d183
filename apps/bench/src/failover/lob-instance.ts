import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/** The real `lob` binary, as users run it. */
const LOB_BIN = path.join(path.dirname(createRequire(import.meta.url).resolve('@lob/cli/package.json')), 'bin', 'lob.js');

/** One log record of lob's stderr (JSON lines: stderr is not a terminal here). */
export interface LobLogRecord {
  readonly time: number;
  readonly event?: string;
  readonly [key: string]: unknown;
}

/** A `lob serve` child process, its log records, and its HTTP API once it listens. */
export class LobInstance {
  private readonly records: LobLogRecord[] = [];
  private partial = '';

  private constructor(private readonly child: ChildProcess) {
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (this.partial + chunk).split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('{')) this.records.push(JSON.parse(line) as LobLogRecord);
    });
  }

  /** Spawns `lob serve ...args` in an empty directory (no config.toml picked up), stdout discarded. */
  static start(args: readonly string[]): LobInstance {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'lob-bench-failover-'));
    const env = { ...process.env };
    for (const key of ['INIT_CWD', 'NX_WORKSPACE_ROOT', 'npm_lifecycle_event', 'FORCE_COLOR']) delete env[key];
    return new LobInstance(spawn(process.execPath, [LOB_BIN, 'serve', ...args], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] }));
  }

  /** The log records so far. */
  logs(): readonly LobLogRecord[] {
    return this.records;
  }

  /** Waits for a log record matching `test`; rejects if lob exits first or after `timeoutMs`. */
  async waitForLog(test: (record: LobLogRecord) => boolean, timeoutMs: number): Promise<LobLogRecord> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.records.find(test);
      if (found !== undefined) return found;
      if (this.child.exitCode !== null) throw new Error(`lob exited with ${this.child.exitCode}: ${this.records.at(-1)?.['msg'] ?? ''}`);
      if (Date.now() > deadline) throw new Error(`failover: no matching lob log line within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** The base URL of its HTTP API. */
  async httpUrl(timeoutMs: number): Promise<string> {
    return (await this.waitForLog((r) => r.event === 'http-listening', timeoutMs))['url'] as string;
  }

  /** Sends a signal if it still runs, and waits for it to exit. */
  async end(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill(signal);
    await exited;
  }
}

/** The symbols an instance serves live, by its own `GET /books`. */
export async function liveBooks(base: string): Promise<string[]> {
  const res = await fetch(`${base}/books`);
  const body = (await res.json()) as { books: { symbol: string; state: string }[] };
  return body.books.filter((b) => b.state === 'live').map((b) => b.symbol);
}
