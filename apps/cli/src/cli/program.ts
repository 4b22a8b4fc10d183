import { parseNatsServers, type NatsServers } from '../config/nats-servers.js';
import { Command, InvalidArgumentError, Option } from 'commander';
import { API_CAP_MAX, API_LIMIT_OPTIONS, parseOrigins } from '../config/api-limits.js';
import { DEFAULT_LOAD_SHEDDING } from '../http/load-shedding.js';
import { parseListenAddress, type ListenAddress } from '../config/listen-address.js';
import { closestMatches } from '../config/did-you-mean.js';
import { BOOK_DEPTHS, BOOK_KINDS, CHANNELS, MAX_SNAPSHOT_LIMIT, MAX_WORKERS } from '../config/markets.js';
import { LOG_LEVELS } from '../config/schema.js';
import { VIEW_LAYOUTS } from '../view/view-layout.js';
import type { ServeFlags } from '../config/settings.js';
import { VENUE_INPUTS, describeVenues, findVenue } from '../venues/registry.js';
import type { VenueName } from '../venues/venue.js';
import { quoteValue } from '../config/quote-value.js';
import { parseShardSpec, type ShardSpec } from '../config/shard-spec.js';
import { safeErrorText } from './safe-error-output.js';
import { addMirrorCommand } from './mirror-command.js';
import { addReplayCommand } from './replay-command.js';
import type { MirrorFlags } from '../mirror/run-mirror.js';
import type { ReplayCommand } from '../serve/run-replay.js';

/** Builds the `lob` command line; `serve` hands its parsed flags to `onServe`, `replay` to `onReplay`, `mirror` to `onMirror`. Errors throw (exitOverride). */
export function buildProgram(
  version: string,
  onServe: (flags: ServeFlags) => Promise<void>,
  onReplay?: (command: ReplayCommand) => Promise<void>,
  onMirror?: (flags: MirrorFlags) => Promise<void>,
): Command {
  const depthsOf = (venue: string): string => findVenue(venue)?.options.bookDepths?.values.join(', ') ?? '';
  const [KRAKEN_DEPTHS, BYBIT_DEPTHS] = [depthsOf('kraken'), depthsOf('bybit-linear')];
  const program = new Command('lob')
    .description('lob: exact local copies of exchange order books (Binance, OKX, Kraken, Bybit, Coinbase), live, healing themselves from every fault')
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    // Set before the subcommand is made, which copies it: every flag error is printed cut and escaped.
    .configureOutput({ outputError: (text, write) => write(safeErrorText(text)) })
    .showHelpAfterError('(run with --help to see every option)');

  const serveCommand = program.command('serve').description('keep order books in sync and show them: terminal view, JSON lines, HTTP/WebSocket API');
  addBookChoice(serveCommand)
    .addOption(new Option('--book <kind>', 'order book structure (default: packed on Binance, chunked elsewhere)').choices(BOOK_KINDS))
    .option('-d, --depth <n>', 'levels shown per side in the terminal and line views (default: 10)', integer('depth', 1, 1000))
    .option('--snapshot-limit <n>', 'levels per side asked of a REST snapshot, Binance venues (default: 1000)', integer('snapshot limit', 1, MAX_SNAPSHOT_LIMIT))
    .option(
      '--min-exact-depth <n>',
      'top levels per side kept exact by refreshing the snapshot in the background (default: half the snapshot limit; 0: never)',
      integer('min exact depth', 0, MAX_SNAPSHOT_LIMIT),
    )
    .addOption(new Option('--channel <name>', 'OKX order-book channel (default: books)').choices(CHANNELS))
    .option('--book-depth <n>', `book depth subscribed per side: Kraken ${KRAKEN_DEPTHS} (default 1000), Bybit ${BYBIT_DEPTHS} (orderbook.N, default 200)`, oneOf('book depth', BOOK_DEPTHS))
    .option('--rest-url <url>', "REST endpoint of the venue (Binance: scheme://host:port, the market paths are appended)")
    .option('--ws-url <url>', "WebSocket endpoint of the venue (Binance: scheme://host:port; Kraken: a path ending in /v2 speaks v2, none v1; Bybit: the category's whole URL)")
    .option('--demo', 'run offline against a built-in simulator of each venue, with random faults');
  addOutputs(serveCommand)
    .option('--publish <nats-url>', 'publish every book to NATS JetStream: diffs on lob.book.<venue>.<symbol>, snapshots in the lob-books bucket (nats://HOST:PORT, comma separated for a cluster)', parseNats)
    .option('--workers <n>', 'worker threads the venues and symbols are spread over, each with its own connections and books; the API and views stay on the main thread (default: 1, no threads)', integer('workers', 1, MAX_WORKERS))
    .option(
      '--shard <auto|i/n>',
      'share the symbols with other instances: auto (leases in NATS, needs --publish; a dead instance\'s symbols move within 15 s) or i/n, a fixed share counted from 1 (e.g. 2/3)',
      parseShard,
    )
    .addOption(new Option('--shard-ttl-ms <ms>').argParser(integer('shard ttl', 1_000, 600_000)).hideHelp())
    .option('--record <dir>', 'record every raw frame and snapshot, per venue and symbol, into gzip timelines in this directory (see lob replay)')
    .addOption(new Option('--demo-fault-every <ticks>').argParser(integer('fault cadence', 0, 1_000_000)).hideHelp())
    .addOption(new Option('--demo-seed <n>').argParser(integer('seed', 0, 2 ** 31)).hideHelp())
    .addHelpText(
      'after',
      `
Flags override config.toml. Examples:
  lob serve --pairs btcusdt,ethusdt                  live Binance spot books in the terminal
  lob serve --demo                                   offline, against the built-in simulator
  lob serve --market usdm --pairs btcusdt --json     Binance USD-M futures as JSON lines on stdout
  lob serve --market okx --pairs BTC-USDT,BTC-USDT-SWAP
  lob serve --market kraken --pairs BTC/USD --book-depth 100
  lob serve --market bybit-linear --pairs BTCUSDT --book-depth 50
  lob serve --market coinbase --pairs BTC-USD,ETH-USD
  lob serve --demo --http 127.0.0.1:8080             plus the HTTP API (/books, /stream, /metrics, /health) and the web page at /`,
    )
    .action(async (options: ServeFlags) => {
      await onServe(options);
    });

  addApiLimits(serveCommand);
  if (onReplay !== undefined) addReplayCommand(program, onReplay);
  if (onMirror !== undefined) addMirrorCommand(program, onMirror);
  return program;
}

function parsePairs(value: string, previous: string[] | undefined): string[] {
  const pairs = value
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (pairs.length === 0) throw new InvalidArgumentError('name at least one symbol, e.g. btcusdt,ethusdt');
  return [...(previous ?? []), ...pairs];
}

/** A venue's name or alias, as a venue name; a usage error naming the closest one otherwise. */
export function parseVenue(value: string): VenueName {
  const venue = findVenue(value);
  if (venue !== undefined) return venue.name;
  const hint = closestMatches(value.trim().toLowerCase(), VENUE_INPUTS, 1)[0];
  throw new InvalidArgumentError(`${quoteValue(value)} is not a venue; venues: ${describeVenues()}${hint === undefined ? '' : ` (did you mean ${hint}?)`}`);
}

function oneOf(what: string, allowed: readonly number[]): (value: string) => number {
  return (value) => {
    const n = Number(value.trim());
    if (!/^\d+$/.test(value.trim()) || !allowed.includes(n)) throw new InvalidArgumentError(`${what} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
    return n;
  };
}

/** `--shard`: `auto` or `i/n`. */
export function parseShard(value: string): ShardSpec {
  const parsed = parseShardSpec(value);
  if ('error' in parsed) throw new InvalidArgumentError(parsed.error);
  return parsed.shard;
}

/** `[host:]port` of the HTTP API. */
export function parseHttp(value: string): ListenAddress {
  const parsed = parseListenAddress(value);
  if ('error' in parsed) throw new InvalidArgumentError(parsed.error);
  return parsed;
}

/** A whole number from min to max. */
export function integer(what: string, min: number, max: number): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`${what} must be a whole number, got ${JSON.stringify(value)}`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`${what} must be from ${min} to ${max}, got ${n}`);
    return n;
  };
}

/** `--publish`/`--from`: NATS servers. */
export function parseNats(value: string): NatsServers {
  const parsed = parseNatsServers(value);
  if ('error' in parsed) throw new InvalidArgumentError(parsed.error);
  return parsed.servers;
}

/** The venues and symbols options `serve` and `mirror` share: a config file, `--pairs`, `--market`. */
export function addBookChoice(command: Command): Command {
  return command
    .option('-c, --config <path>', 'config file (default: ./config.toml when present)')
    .option('-p, --pairs <symbols>', "symbols to follow in the venue's spelling, comma separated, any case (e.g. btcusdt,ethusdt; BTC-USDT-SWAP; BTC/USD; BTC-USD)", parsePairs)
    .option('-m, --market <venue>', `venue: ${describeVenues()} (default: first in config.toml, else binance-spot)`, parseVenue);
}

/** The output options `serve` and `mirror` share: view, JSON lines, the HTTP API and its origins, the log level. */
export function addOutputs(command: Command): Command {
  return command
    .addOption(new Option('--view <layout>', 'terminal view layout to start with; the v key cycles them (default: panels)').choices(VIEW_LAYOUTS))
    .option('--json', 'write JSON lines to stdout instead of the terminal view (logs stay on stderr)')
    .option('--http <[host:]port>', 'serve the HTTP/WebSocket API (host defaults to 127.0.0.1; port 0 picks a free one)', parseHttp)
    .option('--allow-origin <origins>', 'browser origins allowed to open /stream, comma separated (default: none; programs send no Origin and are always allowed)', (v: string, prev?: string[]) =>
      parseOrigins(v, prev, (m) => new InvalidArgumentError(m)),
    )
    .addOption(new Option('--log-level <level>', 'log level on stderr (default: info)').choices(LOG_LEVELS));
}

/** The API's caps (config/api-limits.ts) and load shedding, listed last in help. */
export function addApiLimits(command: Command): Command {
  for (const { flag, description } of API_LIMIT_OPTIONS) command.option(flag, description, integer(flag.split(' ')[0]?.slice(2) ?? flag, 1, API_CAP_MAX));
  return command.option(
    '--shed-above <percent>',
    `event-loop busy percent past which book answers and /metrics get 503 so the books stay fresh (default ${DEFAULT_LOAD_SHEDDING.maxEventLoopUtilization * 100}; 0: never)`,
    integer('shed above', 0, 100),
  );
}
