import type { Command } from 'commander';
import type { MirrorFlags } from '../mirror/run-mirror.js';
import { addApiLimits, addBookChoice, addOutputs, integer, parseNats } from './program.js';

/** Adds `lob mirror --from nats://...`: it hands its parsed flags to `onMirror`. */
export function addMirrorCommand(program: Command, onMirror: (flags: MirrorFlags) => Promise<void>): void {
  const mirror = program
    .command('mirror')
    .description('serve exact copies of the books lob serve --publish puts on NATS JetStream: same API, views and JSON lines')
    .requiredOption('--from <nats-url>', 'the NATS servers lob instances publish to (nats://HOST:PORT, comma separated for a cluster)', parseNats);
  addBookChoice(mirror).option('-d, --depth <n>', 'levels shown per side in the terminal and line views (default: 10)', integer('depth', 1, 1000));
  addApiLimits(addOutputs(mirror))
    .addHelpText(
      'after',
      `
Without --pairs (or a config naming symbols) every book of the venue on the bus is mirrored, new ones included.
Examples:
  lob mirror --from nats://127.0.0.1:4222                                     every Binance spot book on the bus
  lob mirror --from nats://10.0.0.5:4222 --market okx --pairs BTC-USDT --http 8080`,
    )
    .action(async (flags: MirrorFlags) => {
      await onMirror(flags);
    });
}
