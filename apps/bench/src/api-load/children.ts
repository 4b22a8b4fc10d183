import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CannonFigures } from './load-stats.js';

const SIM = fileURLToPath(new URL('./sim-child.ts', import.meta.url));
const CANNON = fileURLToPath(new URL('./cannon-child.ts', import.meta.url));

/** The simulator process: where it listens, its symbols, and how to stop it. */
export interface SimProcess {
  readonly restUrl: string;
  readonly wsUrl: string;
  readonly symbols: readonly string[];
  stop(): Promise<void>;
}

/** A child running a TypeScript file with this process's loader; its output goes to our stderr. */
function child(file: string, args: string[]): ChildProcess {
  return fork(file, args, { execArgv: process.execArgv.filter((a) => a !== '--expose-gc'), stdio: ['ignore', 2, 2, 'ipc'] });
}

/** Starts the simulator of `books` symbols in its own process. */
export function startSimProcess(books: number, tickMs: number): Promise<SimProcess> {
  const proc = child(SIM, [String(books), String(tickMs)]);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`the simulator process ended with code ${code} before it listened`)));
    proc.once('message', (message) => {
      const { restUrl, wsUrl, symbols } = message as { restUrl: string; wsUrl: string; symbols: string[] };
      resolve({
        restUrl,
        wsUrl,
        symbols,
        stop: async () => {
          if (proc.exitCode === null && proc.signalCode === null) proc.send('stop');
          await exited;
        },
      });
    });
  });
}

/** Runs autocannon on `url` (its connections asking for `paths` in turn) in its own process; `onStart` is called as its load begins. */
export function runCannon(url: string, paths: readonly string[], connections: number, durationSec: number, onStart: () => void, rate?: number): Promise<CannonFigures> {
  const proc = child(CANNON, [JSON.stringify({ url, paths, connections, durationSec, ...(rate === undefined ? {} : { rate }) })]);
  return new Promise((resolve, reject) => {
    let figures: CannonFigures | undefined;
    proc.on('message', (message) => {
      const m = message as { type: 'started' } | { type: 'done'; figures: CannonFigures };
      if (m.type === 'started') onStart();
      else figures = m.figures;
    });
    proc.once('error', reject);
    proc.once('exit', (code) => (figures !== undefined ? resolve(figures) : reject(new Error(`autocannon's process ended with code ${code} and no figures`))));
  });
}
