import { ConfigError, type BookView } from '@lob/core';
import { ShardError, ShardLeases, checkIntervalFor, failoverBoundMs, symbolId, type ShardSymbol } from '@lob/shard-leases';
import type { Logger } from 'pino';
import type { ServeSettings } from '../config/settings.js';
import { ShardedMarketSource } from '../feeds/sharded-market-source.js';
import type { RunningMarket } from './market-feeds.js';

function byVenue(symbols: readonly ShardSymbol[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { venue, symbol } of symbols) out.set(venue, [...(out.get(venue) ?? []), symbol]);
  return out;
}

function listed(symbols: readonly ShardSymbol[]): string {
  const ids = symbols.map(symbolId);
  return ids.length <= 8 ? ids.join(', ') : `${ids.slice(0, 8).join(', ')} and ${ids.length - 8} more`;
}

/** What follows the books held besides the views (the NATS publisher): told of each book added and removed. */
export interface BookTracker {
  track(view: BookView, hasUpdateIds: boolean): void;
  untrack(market: string, symbol: string): void;
}

/**
 * `--shard auto`: joins the instances sharing these venues' symbols through leases in NATS (`settings.publish`); the
 * symbols this instance acquires get books (a feed each batch), the ones it releases lose them. Resolves once this
 * instance has taken part once (heartbeat, first claims); `stop()` on the result hands its symbols over at once.
 */
export async function startShardLeases(running: readonly RunningMarket[], settings: ServeSettings, log: Logger, tracker?: BookTracker): Promise<ShardLeases> {
  const sources = new Map<string, ShardedMarketSource>();
  for (const r of running) if (r.feed instanceof ShardedMarketSource) sources.set(r.settings.market, r.feed);
  const symbols = running.flatMap((r) => r.settings.symbols.map((symbol) => ({ venue: r.settings.market, symbol })));
  const ttl = settings.shardTtlMs === undefined ? {} : { ttlMs: settings.shardTtlMs, checkIntervalMs: checkIntervalFor(settings.shardTtlMs) };
  const leases = new ShardLeases({
    servers: settings.publish ?? [],
    symbols,
    ...ttl,
    acquired: (list) => {
      for (const [venue, batch] of byVenue(list)) {
        const source = sources.get(venue);
        source?.add(batch);
        for (const symbol of batch) {
          const view = source?.book(symbol);
          if (view !== undefined) tracker?.track(view, source?.hasUpdateIds ?? false);
        }
      }
      log.info({ event: 'shard-acquired', symbols: list.map(symbolId) }, `shard: now holding ${list.length} more: ${listed(list)}`);
    },
    released: (list, reason) => {
      for (const { venue, symbol } of list) tracker?.untrack(venue, symbol);
      for (const [venue, batch] of byVenue(list)) sources.get(venue)?.remove(batch);
      const why = reason === 'lost' ? 'its leases could not be renewed in time' : reason === 'rebalanced' ? 'another instance takes them' : 'stopping';
      log.info({ event: 'shard-released', reason, symbols: list.map(symbolId) }, `shard: gave up ${list.length} (${why}): ${listed(list)}`);
    },
    onError: (error) => log.warn({ event: 'shard-error', err: error }, `shard: a NATS operation failed (retrying): ${error instanceof Error ? error.message : String(error)}`),
  });
  try {
    await leases.start();
  } catch (error) {
    // NATS not reachable at the address given, or without JetStream: the user's setting, like an --http in use.
    if (error instanceof ShardError) throw new ConfigError('invalid-value', `--shard auto: ${error.message}`, { key: '--publish' });
    throw error;
  }
  const { ttlMs, checkIntervalMs } = leases.leaseTiming;
  log.info(
    { event: 'shard-started', instance: leases.instanceId, ttlMs, checkIntervalMs },
    `shard auto: instance ${leases.instanceId} shares ${symbols.length} symbols through ${(settings.publish ?? []).join(',')}; a dead instance's symbols move within ${(failoverBoundMs(leases.leaseTiming) / 1000).toFixed(1)} s (ttl ${ttlMs / 1000} s + check ${checkIntervalMs / 1000} s), then resync`,
  );
  return leases;
}

/**
 * Hands this instance's symbols over on the way out (stop: release, delete the leases), waiting at most `withinMs`:
 * with NATS unreachable the leases expire by themselves, and shutdown has its own deadline.
 */
export async function handOverShard(leases: ShardLeases, withinMs = 1_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([leases.stop(), new Promise<void>((resolve) => (timer = setTimeout(resolve, withinMs)))]);
  clearTimeout(timer);
}
