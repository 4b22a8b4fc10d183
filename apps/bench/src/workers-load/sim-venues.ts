import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./venues-sim-child.ts', import.meta.url));

/** One simulated venue: what lob is configured with to follow it. */
export interface SimVenue {
  readonly market: string;
  readonly symbols: readonly string[];
  readonly restUrl: string;
  readonly wsUrl: string;
  readonly bookDepth?: number;
}

/** The simulators' process: its venues, and how to stop it. */
export interface SimVenues {
  readonly venues: readonly SimVenue[];
  stop(): Promise<void>;
}

/** Starts the simulators (Binance spot of `books` symbols ticking every `tickMs`, the other venues' demo markets) in their own process. */
export function startSimVenues(books: number, tickMs: number): Promise<SimVenues> {
  const proc = fork(CHILD, [String(books), String(tickMs)], { execArgv: process.execArgv.filter((a) => a !== '--expose-gc'), stdio: ['ignore', 2, 2, 'ipc'] });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`the simulators' process ended with code ${code} before it listened`)));
    proc.once('message', (venues) =>
      resolve({
        venues: venues as SimVenue[],
        stop: async () => {
          if (proc.exitCode === null && proc.signalCode === null) proc.send('stop');
          await exited;
        },
      }),
    );
  });
}

/** config.toml for lob following the simulated venues (the per-client rate limit lifted: the load is one client). */
export function configFor(venues: readonly SimVenue[]): string {
  const NAMES: Record<string, [string, string?]> = {
    'binance-spot': ['binance', 'binance-spot'],
    okx: ['okx'],
    kraken: ['kraken'],
    'bybit-linear': ['bybit', 'bybit-linear'],
    coinbase: ['coinbase'],
  };
  const lines = ['rate_limit = 1000000', 'log_level = "warn"', ''];
  for (const v of venues) {
    const [name, market] = NAMES[v.market] ?? [v.market];
    lines.push('[[exchanges]]', `name = ${JSON.stringify(name)}`);
    if (market !== undefined) lines.push(`market = ${JSON.stringify(market)}`);
    lines.push(`symbols = ${JSON.stringify(v.symbols)}`, `rest_endpoint = ${JSON.stringify(v.restUrl)}`, `ws_endpoint = ${JSON.stringify(v.wsUrl)}`);
    // 100 levels: a Binance spot snapshot of weight 5, so 1 500 books bridge in about two weight minutes.
    if (v.market === 'binance-spot') lines.push('snapshot_limit = 100');
    if (v.bookDepth !== undefined) lines.push(`book_depth = ${v.bookDepth}`);
    lines.push('');
  }
  return lines.join('\n');
}
