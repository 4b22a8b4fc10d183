import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@lob/core';
import { startNatsServer } from '@lob/nats-testing';
import pino from 'pino';
import { resolveSettings } from '../config/settings.js';
import { handOverShard, startShardLeases } from './shard-serve.js';

const silent = pino({ level: 'silent' });

describe('startShardLeases', () => {
  it('says which setting is wrong when NATS cannot be reached: a ConfigError naming --publish', async () => {
    // A port nothing listens on: a server started and stopped again.
    const gone = await startNatsServer();
    await gone.stop();
    const settings = resolveSettings({ pairs: ['btcusdt'], shard: { kind: 'auto' }, publish: [gone.url] }, undefined);
    const error = await startShardLeases([], settings, silent).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).location.key).toBe('--publish');
    expect((error as ConfigError).message).toMatch(/--shard auto: cannot connect to NATS/);
  });

  it('joins the instances on a reachable NATS and hands over on the way out', async () => {
    const nats = await startNatsServer();
    try {
      const settings = resolveSettings({ pairs: ['btcusdt'], shard: { kind: 'auto' }, publish: [nats.url], shardTtlMs: 2_000 }, undefined);
      const leases = await startShardLeases([], settings, silent);
      expect(leases.leaseTiming).toEqual({ ttlMs: 2_000, checkIntervalMs: 500 });
      expect(leases.liveInstances()).toEqual([leases.instanceId]);
      await handOverShard(leases);
    } finally {
      await nats.stop();
    }
  });
});
