import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const LOB = fileURLToPath(new URL('../../../cli/bin/lob.js', import.meta.url));

/** `lob` run as users run it, in a process of its own; its JSON log read for the API's address. */
export interface LobProcess {
  readonly child: ChildProcess;
  /** The HTTP API's base URL once it listens. */
  readonly url: Promise<string>;
  /** SIGTERM, and waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash. */
  kill(): Promise<void>;
  /** The last lines lob logged (for an error's message). */
  logTail(): string;
}

/** Starts `lob <args>` (give it `--http 127.0.0.1:0`); its stdout is dropped, its log kept for errors. */
export function startLob(args: readonly string[]): LobProcess {
  const child = spawn(process.execPath, [LOB, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = new Promise<string>((resolve, reject) => {
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      log = (log + chunk).slice(-20_000);
      const found = /"event":"http-listening","url":"([^"]+)"/.exec(log);
      if (found !== null) resolve(found[1]!);
    });
    child.once('exit', (code) => reject(new Error(`lob ${args[0]} ended with code ${code} before it listened:\n${log}`)));
  });
  url.catch(() => undefined);
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { child, url, stop: () => end('SIGTERM'), kill: () => end('SIGKILL'), logTail: () => log.split('\n').slice(-15).join('\n') };
}

/**
 * Polls `GET url/books` until every book is live or `timeoutMs` passed (a busy machine bridges slower than the
 * weight minutes allow); returns how many are live then.
 */
export async function booksLive(url: string, expected: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // A lob busy bridging 1 500 snapshots on a starved machine may not answer in time: that is not the end of it.
    const body = (await fetch(`${url}/books`, { signal: AbortSignal.timeout(30_000) })
      .then((r) => r.json())
      .catch(() => ({ books: [] }))) as { books: { state: string }[] };
    const live = body.books.filter((b) => b.state === 'live').length;
    if (live >= expected || Date.now() > deadline) return live;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
