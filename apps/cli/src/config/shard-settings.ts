import { ConfigError } from '@lob/core';
import { inStaticShard } from '@lob/shard-leases';
import type { LobConfig } from './schema.js';
import type { ServeFlags, ServeSettings } from './settings.js';
import { parseShardSpec, type ShardSpec } from './shard-spec.js';

/** Symbols configured over every venue. */
function configuredCount(settings: ServeSettings): number {
  return settings.markets.reduce((n, m) => n + m.symbols.length, 0);
}

/**
 * Settles `--shard` / `shard =` over resolved settings: `auto` needs NATS servers (`--publish`), since the leases live
 * there; `i/n` keeps, of each venue, the symbols in this share (a venue left with none is dropped, with a note; no
 * symbol at all is the user's error).
 */
export function applyShard(flags: ServeFlags, config: LobConfig | undefined, configFile: string | undefined, settings: ServeSettings): ServeSettings {
  const key = flags.shard !== undefined ? '--shard' : 'shard';
  const fileKey = flags.shard === undefined && configFile !== undefined ? { file: configFile } : {};
  const shard: ShardSpec | undefined = flags.shard ?? (config?.shard === undefined ? undefined : (parseShardSpec(config.shard) as { shard: ShardSpec }).shard);
  if (shard === undefined) return settings;
  const ttl = flags.shardTtlMs === undefined ? {} : { shardTtlMs: flags.shardTtlMs };
  if (shard.kind === 'auto') {
    if (settings.publish === undefined) {
      throw new ConfigError('invalid-value', `${key}: auto shares the symbols through leases in NATS JetStream: give --publish nats://HOST:PORT (or publish = "nats://..." in the config)`, { key, ...fileKey });
    }
    return { ...settings, shard, ...ttl };
  }
  const notes = [...settings.notes];
  const markets = settings.markets.flatMap((m) => {
    const symbols = m.symbols.filter((symbol) => inStaticShard(shard, m.market, symbol));
    if (symbols.length === 0) notes.push(`${key} ${shard.index}/${shard.count}: no ${m.market} symbol falls in this share`);
    return symbols.length === 0 ? [] : [{ ...m, symbols }];
  });
  if (markets.length === 0) {
    throw new ConfigError('invalid-value', `${key}: share ${shard.index}/${shard.count} holds none of the ${configuredCount(settings)} configured symbols; use fewer shares or more symbols`, { key, ...fileKey });
  }
  const configured = configuredCount(settings);
  const held = markets.flatMap((m) => m.symbols.map((symbol) => `${m.market}/${symbol}`));
  notes.push(`${key} ${shard.index}/${shard.count}: this share holds ${held.length} of the ${configured} configured symbols: ${held.length <= 8 ? held.join(', ') : `${held.slice(0, 8).join(', ')} and ${held.length - 8} more`}`);
  return { ...settings, shard, markets, notes };
}
