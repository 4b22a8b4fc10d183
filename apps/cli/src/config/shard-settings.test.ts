import { describe, expect, it } from '@jest/globals';
import { CommanderError } from 'commander';
import { ConfigError } from '@lob/core';
import { inStaticShard } from '@lob/shard-leases';
import { buildProgram } from '../cli/program.js';
import { parseConfig } from './load-config.js';
import { resolveSettings, type ServeFlags } from './settings.js';

/** Parses `lob serve` flags as the command line would; a usage error comes back as its first line. */
async function serveFlags(...args: string[]): Promise<ServeFlags | string> {
  let flags: ServeFlags | undefined;
  let printed = '';
  const program = buildProgram('0.0.0', async (f) => void (flags = f));
  for (const command of [program, ...program.commands]) command.configureOutput({ writeErr: (text) => void (printed += text), writeOut: () => undefined });
  try {
    await program.parseAsync(['serve', ...args], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return printed.split('\n')[0] as string;
    throw error;
  }
  return flags as ServeFlags;
}

const PAIRS = ['btcusdt', 'ethusdt', 'solusdt', 'bnbusdt', 'xrpusdt', 'adausdt', 'dogeusdt', 'ltcusdt'];

describe('--shard and shard = in the config', () => {
  it('--shard auto with --publish keeps every symbol and names the NATS servers', async () => {
    const flags = (await serveFlags('--pairs', PAIRS.join(','), '--shard', 'auto', '--publish', 'nats://127.0.0.1:4222')) as ServeFlags;
    const settings = resolveSettings(flags, undefined);
    expect(settings.shard).toEqual({ kind: 'auto' });
    expect(settings.publish).toEqual(['nats://127.0.0.1:4222']);
    expect(settings.markets[0]?.symbols).toHaveLength(PAIRS.length);
  });

  it('--shard auto without --publish is a ConfigError naming --shard', async () => {
    const flags = (await serveFlags('--pairs', 'btcusdt', '--shard', 'auto')) as ServeFlags;
    expect(() => resolveSettings(flags, undefined)).toThrow(ConfigError);
    expect(() => resolveSettings(flags, undefined)).toThrow(/--shard: auto .* --publish nats:\/\//);
    try {
      resolveSettings(flags, undefined);
    } catch (error) {
      expect((error as ConfigError).location.key).toBe('--shard');
    }
  });

  it('--shard i/n keeps the symbols of that share: the n shares cover every symbol once', async () => {
    const kept = await Promise.all(
      ['1/3', '2/3', '3/3'].map(async (shard) => resolveSettings((await serveFlags('--pairs', PAIRS.join(','), '--shard', shard)) as ServeFlags, undefined)),
    );
    const all = kept.flatMap((s) => s.markets.flatMap((m) => m.symbols));
    expect(all.sort()).toEqual(PAIRS.map((p) => p.toUpperCase()).sort());
    for (const [i, settings] of kept.entries()) {
      for (const symbol of settings.markets[0]?.symbols ?? []) expect(inStaticShard({ index: i + 1, count: 3 }, 'binance-spot', symbol)).toBe(true);
      // Said at startup: which share this is and what it holds.
      const held = settings.markets[0]?.symbols.length ?? 0;
      expect(settings.notes).toContainEqual(expect.stringContaining(`--shard ${i + 1}/3: this share holds ${held} of the ${PAIRS.length} configured symbols`));
    }
  });

  it.each([
    ['0/3', /i counts from 1 to n/],
    ['5/4', /i counts from 1 to n/],
    ['sometimes', /neither auto nor i\/n/],
  ])('refuses --shard %s with a usage error saying why', async (value, why) => {
    expect(await serveFlags('--shard', value)).toMatch(why);
  });

  it('a share holding none of the symbols is a ConfigError naming the key', async () => {
    const flags = (await serveFlags('--pairs', 'btcusdt', '--shard', '1/1000')) as ServeFlags;
    const share = [...Array(1000).keys()].find((i) => !inStaticShard({ index: i + 1, count: 1000 }, 'binance-spot', 'BTCUSDT')) as number;
    expect(() => resolveSettings({ ...flags, shard: { kind: 'static', index: share + 1, count: 1000 } }, undefined)).toThrow(/--shard: share .* holds none/);
  });

  it('reads shard = from the config, and checks it there too', () => {
    const config = parseConfig('shard = "2/2"\n\n[[exchanges]]\nname = "binance"\nsymbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT"]\n', 'lob.toml');
    expect(resolveSettings({}, config, 'lob.toml').shard).toEqual({ kind: 'static', index: 2, count: 2 });
    expect(() => parseConfig('shard = "3/2"\n\n[[exchanges]]\nname = "binance"\nsymbols = ["BTCUSDT"]\n', 'lob.toml')).toThrow(/shard.*counts from 1/);
    const auto = parseConfig('shard = "auto"\n\n[[exchanges]]\nname = "binance"\nsymbols = ["BTCUSDT"]\n', 'lob.toml');
    expect(() => resolveSettings({}, auto, 'lob.toml')).toThrow(/shard: auto/);
  });
});
