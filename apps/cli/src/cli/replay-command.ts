import { InvalidArgumentError, Option, type Command } from 'commander';
import { VIEW_LAYOUTS } from '../view/view-layout.js';
import type { ReplaySpeed } from '@lob/recording';
import { BOOK_KINDS, MAX_SNAPSHOT_LIMIT } from '../config/markets.js';
import { LOG_LEVELS } from '../config/schema.js';
import type { ReplayCommand } from '../serve/run-replay.js';
import { integer, parseHttp, parseVenue } from './program.js';

/** The fastest multiple of the recorded pace `--speed` takes (beyond it, `max` says what is meant). */
const MAX_SPEED = 1_000_000;

/** Adds `lob replay <files...>` to the program; it hands its parsed files and flags to `onReplay`. */
export function addReplayCommand(program: Command, onReplay: (command: ReplayCommand) => Promise<void>): void {
  program
    .command('replay')
    .description('replay recordings (lob serve --record) through the same books and outputs as live')
    .argument('<files...>', 'timeline files (*.timeline.txt.gz, or the .part of an interrupted recording); each venue\'s files are merged by receive time')
    .option('--speed <n|max>', 'pace: a multiple of the recorded pace (0.5, 1, 10), or max for as fast as the books take it (default: 1)', parseSpeed)
    .option('--venue <name>', 'venue of the files when their names do not start with it (default: the file name prefix, e.g. binance-spot_…)', parseVenue)
    .addOption(new Option('--book <kind>', 'order book structure (default: packed on Binance, chunked elsewhere)').choices(BOOK_KINDS))
    .option('-d, --depth <n>', 'levels shown per side in the terminal and line views (default: 10)', integer('depth', 1, 1000))
    .option('--snapshot-limit <n>', 'the snapshot limit the recording was made with, Binance venues (default: 1000)', integer('snapshot limit', 1, MAX_SNAPSHOT_LIMIT))
    .option('--min-exact-depth <n>', 'as lob serve, to request background refreshes where the recording did', integer('min exact depth', 0, MAX_SNAPSHOT_LIMIT))
    .addOption(new Option('--view <layout>', 'terminal view layout to start with; the v key cycles them (default: panels)').choices(VIEW_LAYOUTS))
    .option('--json', 'write JSON lines to stdout instead of the terminal view (logs stay on stderr)')
    .option('--http <[host:]port>', 'serve the HTTP/WebSocket API, and keep serving after the replay ends until Ctrl-C', parseHttp)
    .addOption(new Option('--log-level <level>', 'log level on stderr (default: info)').choices(LOG_LEVELS))
    .addHelpText(
      'after',
      `
Examples:
  lob replay rec/binance-spot_BTCUSDT_*.timeline.txt.gz               at the recorded pace, in the terminal
  lob replay rec/*.timeline.txt.gz --speed max --json                 every venue recorded, as fast as possible
  lob replay old/BTCUSDT.timeline.txt.gz --venue binance-usdm --speed 10`,
    )
    .action(async (files: string[], options: Omit<ReplayCommand, 'files'>) => {
      await onReplay({ ...options, files });
    });
}

/** `--speed`: a positive multiple of the recorded pace, or `max`. */
export function parseSpeed(value: string): ReplaySpeed {
  const text = value.trim().toLowerCase();
  if (text === 'max') return 'max';
  const n = Number(text);
  if (text === '' || !Number.isFinite(n) || n <= 0 || n > MAX_SPEED) {
    throw new InvalidArgumentError(`speed must be a number above 0 and at most ${MAX_SPEED}, or max; got ${JSON.stringify(value)}`);
  }
  return n;
}
