import type { RunOptions } from '../report/types.js';

/** The usage text printed by --help and on a bad flag. */
export const USAGE = `usage: nx run bench:run [--quick] [--filter <substring>] [--json]
  --quick             smoke run: every task, tiny time budgets (CI)
  --filter <text>     only tasks whose name contains <text>, e.g. "spot", "replay+best", "btree", "memory"
                      (names are "<workload> · <measure> · <contender>")
  --json              print the JSON report on stdout instead of the table (progress stays on stderr)`;

/** Parses the command line; throws with the usage text on anything it does not know. */
export function parseOptions(argv: readonly string[]): RunOptions & { help: boolean } {
  let quick = false;
  let json = false;
  let help = false;
  let filter: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--quick') quick = true;
    else if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--filter') {
      filter = argv[++i];
      if (filter === undefined || filter === '') throw new Error(`--filter needs a value\n${USAGE}`);
    } else if (arg.startsWith('--filter=')) filter = arg.slice('--filter='.length);
    else throw new Error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  return { quick, json, filter, help };
}
