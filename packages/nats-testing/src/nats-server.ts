import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NatsServerError } from './errors.js';
import { findNatsServer } from './find-binary.js';
import { freePort } from './free-port.js';

/** How to start a test nats-server; every field has a default. */
export interface NatsServerOptions {
  /** The binary; default `NATS_SERVER`, else nats-server on PATH or in /usr/sbin, /usr/local/bin. */
  binary?: string;
  /** The port on 127.0.0.1; default a free one picked by the OS. */
  port?: number;
  /** JetStream's store directory; default a new temporary directory, removed by `stop()`. */
  storeDir?: string;
  /** How long to wait for the server's "ready" line; default 15 s (a busy 2-core machine). */
  readyTimeoutMs?: number;
  /** More command-line arguments, after the ones this module sets. */
  extraArgs?: string[];
}

/** A running nats-server with JetStream, bound to 127.0.0.1 only. */
export interface NatsServer {
  /** `nats://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  /** Ends it for good: SIGTERM (SIGKILL if it lingers), then removes the store directory if this module made it. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash: no clean shutdown; the store directory stays, so `restart()` brings the server back. */
  kill(): Promise<void>;
  /** Stops it gracefully if it runs, then starts it again on the same port and store directory (JetStream state kept). */
  restart(): Promise<void>;
  /** Whether the process is up. */
  running(): boolean;
  /** The server's last log lines (for a failing test's message). */
  log(): string[];
}

const READY_LINE = 'Server is ready';
const LOG_LINES_KEPT = 200;
const STOP_GRACE_MS = 5_000;
/** Attempts when the port was taken between picking it and the server binding it (or, on restart, not yet released). */
const BIND_ATTEMPTS = 5;

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A test must not leave servers behind if it exits without stopping them. */
function killAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (exited(child)) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Spawns one nats-server and resolves once it logs that it is ready; rejects if it exits or stays silent first. */
function spawnReady(binary: string, port: number, storeDir: string, options: NatsServerOptions, log: string[]): Promise<ChildProcess> {
  const args = ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir, ...(options.extraArgs ?? [])];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return new Promise((resolve, reject) => {
    let ready = false;
    let partial = '';
    const onData = (chunk: Buffer): void => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        log.push(line);
        if (log.length > LOG_LINES_KEPT) log.shift();
        if (!ready && line.includes(READY_LINE)) {
          ready = true;
          clearTimeout(timer);
          resolve(child);
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    const timeoutMs = options.readyTimeoutMs ?? 15_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new NatsServerError('not-ready', `nats-server on port ${port} not ready after ${timeoutMs} ms:\n${log.slice(-20).join('\n')}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new NatsServerError('binary-missing', `cannot run ${binary}: ${error.message}`, { cause: error }));
    });
    child.once('exit', (code, signal) => {
      if (ready) return;
      clearTimeout(timer);
      reject(new NatsServerError('exited', `nats-server on port ${port} exited (${signal ?? code}) before it was ready:\n${log.slice(-20).join('\n')}`));
    });
  });
}

/** Starts, retrying while the port is in use (another process took it, or a killed server's socket is not yet released). */
async function startOn(binary: string, pickPort: () => Promise<number>, storeDir: string, options: NatsServerOptions, log: string[]): Promise<{ child: ChildProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await pickPort();
    try {
      return { child: await spawnReady(binary, port, storeDir, options, log), port };
    } catch (error) {
      const portInUse = error instanceof NatsServerError && error.reason === 'exited' && /address already in use/i.test(error.message);
      if (!portInUse || attempt >= BIND_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

/** Starts a nats-server with JetStream on 127.0.0.1 and a free port, resolved once it is ready to take connections. */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServer> {
  const binary = options.binary ?? findNatsServer();
  const ownStoreDir = options.storeDir === undefined;
  const storeDir = options.storeDir ?? (await mkdtemp(join(tmpdir(), 'lob-nats-')));
  const log: string[] = [];
  killAllOnExit();
  let started: { child: ChildProcess; port: number };
  try {
    started = await startOn(binary, () => (options.port !== undefined ? Promise.resolve(options.port) : freePort()), storeDir, options, log);
  } catch (error) {
    if (ownStoreDir) await rm(storeDir, { recursive: true, force: true });
    throw error;
  }
  const port = started.port;
  let child: ChildProcess | undefined = started.child;
  let stoppedForGood = false;

  const terminate = async (signal: 'SIGTERM' | 'SIGKILL'): Promise<void> => {
    const current = child;
    child = undefined;
    if (current === undefined || exited(current)) return;
    current.kill(signal);
    const lingering = setTimeout(() => current.kill('SIGKILL'), STOP_GRACE_MS);
    await waitForExit(current);
    clearTimeout(lingering);
  };

  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    async stop() {
      stoppedForGood = true;
      await terminate('SIGTERM');
      if (ownStoreDir) await rm(storeDir, { recursive: true, force: true });
    },
    kill: () => terminate('SIGKILL'),
    async restart() {
      if (stoppedForGood) throw new Error('restart() after stop(): the server was stopped for good');
      await terminate('SIGTERM');
      child = (await startOn(binary, () => Promise.resolve(port), storeDir, options, log)).child;
    },
    running: () => child !== undefined && !exited(child),
    log: () => [...log],
  };
}
