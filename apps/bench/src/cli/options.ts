import type { RunOptions } from '../report/types.js';

/** The usage text printed by --help and on a bad flag. */
export const USAGE = `usage: nx run bench:run [--quick] [--filter <substring>] [--json] [--rounds <n>]
  --quick             smoke run: every task, tiny time budgets, one round (CI)
  --filter <text>     only tasks whose name contains <text>, e.g. spot, /replay+best/, /btree, memory, okx-
                      (several texts separated by commas: tasks containing any of them)
                      (names are <workload>/<measure>/<contender>, e.g. spot-BTCUSDT-2024/replay+best/btree;
                      api-load for the HTTP API load test alone, workers-load for lob serve --workers 1 vs 2,
                      failover for the --shard auto failover alone, allocations for the Binance pipelines'
                      heap bytes and collections per 100 000 frames, frame-bytes for Buffer against string)
  --json              print the JSON report on stdout instead of the table (progress stays on stderr)
  --rounds <n>        run every contender n times, round-robin, and keep each task's best round
                      (default 2, --quick 1): noise from other processes only ever adds time`;

/** Rounds of a full run: two, so one burst of outside load cannot decide a comparison. */
export const DEFAULT_ROUNDS = 2;

/** Parses the command line; throws with the usage text on anything it does not know. */
export function parseOptions(argv: readonly string[]): RunOptions & { help: boolean } {
  let quick = false;
  let json = false;
  let help = false;
  let filter: string | undefined;
  let rounds: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--quick') quick = true;
    else if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--filter') {
      filter = argv[++i];
      if (filter === undefined || filter === '') throw new Error(`--filter needs a value\n${USAGE}`);
    } else if (arg.startsWith('--filter=')) filter = arg.slice('--filter='.length);
    else if (arg === '--rounds' || arg.startsWith('--rounds=')) {
      const text = arg === '--rounds' ? argv[++i] : arg.slice('--rounds='.length);
      rounds = Number(text);
      if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds needs a whole number >= 1, not ${JSON.stringify(text)}\n${USAGE}`);
    }
    else throw new Error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  return { quick, json, filter, help, rounds: rounds ?? (quick ? 1 : DEFAULT_ROUNDS) };
}
