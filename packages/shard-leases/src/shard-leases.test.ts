import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startNatsServer, type NatsServer } from '@lob/nats-testing';
import { ShardCluster, waitFor } from './shard-cluster.test-support.js';
import { connect } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import { leaseKey, symbolId, type ShardSymbol } from './shard-symbol.js';
import { failoverBoundMs, fenceAfterMs } from './timing.js';

const TIMING = { ttlMs: 2_000, checkIntervalMs: 500 };
const BOUND_MS = failoverBoundMs(TIMING);
/** Time beyond the bound a loaded 2-core machine may need (expiry on the server, scheduling). */
const SLACK_MS = 1_500;

const symbols = (n: number): ShardSymbol[] =>
  Array.from({ length: n }, (_, i) => ({ venue: i % 2 === 0 ? 'binance-spot' : 'kraken', symbol: i % 2 === 0 ? `SYM${i}USDT` : `SYM${i}/USD` }));

/** Each symbol's lease as the bucket has it now: revision and holder (read by a client of its own). */
async function leaseRevisions(url: string, bucket: string, list: ShardSymbol[]): Promise<Map<string, { revision: number; instance: string }>> {
  const nc = await connect({ servers: url, maxReconnectAttempts: 0 });
  try {
    const kv = await new Kvm(nc).open(bucket);
    const out = new Map<string, { revision: number; instance: string }>();
    for (const s of list) {
      const entry = await kv.get(leaseKey(s));
      if (entry !== null && entry.operation === 'PUT') out.set(leaseKey(s), { revision: entry.revision, instance: (entry.json() as { instance: string }).instance });
    }
    return out;
  } finally {
    await nc.close();
  }
}

let server: NatsServer;
let bucketNo = 0;
let cluster: ShardCluster;

function newCluster(list: ShardSymbol[]): ShardCluster {
  bucketNo += 1;
  cluster = new ShardCluster({ servers: server.url, bucket: `lob-shards-test-${bucketNo}`, symbols: list, ...TIMING });
  return cluster;
}

beforeAll(async () => {
  server = await startNatsServer();
});
afterEach(async () => {
  await cluster?.stopAll();
});
afterAll(async () => {
  await server?.stop();
});

describe('ShardLeases with a real nats-server', () => {
  it('one instance alone holds every symbol', async () => {
    const list = symbols(6);
    const c = newCluster(list);
    await c.add('a');
    await waitFor('a to hold all 6', () => c.counts()['a'] === 6);
    expect(c.eachHeldOnce(list)).toBe(true);
  });

  it('two instances split ten symbols five and five, each held once', async () => {
    const list = symbols(10);
    const c = newCluster(list);
    await c.add('a');
    await c.add('b');
    await waitFor('a 5/5 split', () => c.counts()['a'] === 5 && c.counts()['b'] === 5 && c.eachHeldOnce(list));
    expect(c.doubles).toEqual([]);
  });

  it('three instances split nine symbols three each, each held once', async () => {
    const list = symbols(9);
    const c = newCluster(list);
    await Promise.all([c.add('a'), c.add('b'), c.add('c')]);
    await waitFor('a 3/3/3 split', () => Object.values(c.counts()).every((n) => n === 3) && c.eachHeldOnce(list));
    expect(c.doubles).toEqual([]);
  });

  it('stopping an instance hands its symbols to the others at once', async () => {
    const list = symbols(9);
    const c = newCluster(list);
    await Promise.all([c.add('a'), c.add('b'), c.add('c')]);
    await waitFor('a 3/3/3 split', () => Object.values(c.counts()).every((n) => n === 3) && c.eachHeldOnce(list));
    const stoppedAt = Date.now();
    await c.stop('c');
    await waitFor('a and b to hold all nine', () => c.eachHeldOnce(list));
    // A stop deletes the leases and the heartbeat, which the others see through their watch: well within a ttl.
    expect(Date.now() - stoppedAt).toBeLessThan(TIMING.ttlMs);
    expect(c.counts()).toEqual({ a: expect.any(Number), b: expect.any(Number) });
    expect(Math.abs((c.counts()['a'] ?? 0) - (c.counts()['b'] ?? 0))).toBeLessThanOrEqual(1);
    expect(c.doubles).toEqual([]);
  });

  it('an instance that dies without releasing loses its symbols to the others within ttl + check interval', async () => {
    const list = symbols(8);
    const c = newCluster(list);
    await Promise.all([c.add('a'), c.add('b')]);
    await waitFor('a 4/4 split', () => c.counts()['a'] === 4 && c.counts()['b'] === 4 && c.eachHeldOnce(list));
    const killedAt = Date.now();
    await c.crash('b');
    await waitFor('a to hold all eight', () => c.eachHeldOnce(list), BOUND_MS + 10_000);
    const failoverMs = Date.now() - killedAt;
    expect(failoverMs).toBeLessThan(BOUND_MS + SLACK_MS);
    // Not before the dead instance's leases could have expired: nobody took them early.
    expect(failoverMs).toBeGreaterThanOrEqual(TIMING.ttlMs - TIMING.checkIntervalMs);
    expect(c.doubles).toEqual([]);
  });

  it('never holds a symbol twice through joins, leaves and a death', async () => {
    const list = symbols(12);
    const c = newCluster(list);
    await c.add('a');
    await waitFor('a to hold all', () => c.counts()['a'] === 12);
    await c.add('b');
    await waitFor('a 6/6 split', () => c.counts()['a'] === 6 && c.eachHeldOnce(list));
    await c.add('c');
    await waitFor('a 4/4/4 split', () => Object.values(c.counts()).every((n) => n === 4) && c.eachHeldOnce(list));
    await c.crash('a');
    await waitFor('b and c to hold all', () => c.eachHeldOnce(list), BOUND_MS + 10_000);
    await c.add('d');
    await waitFor('a 4/4/4 split again', () => Object.values(c.counts()).every((n) => n === 4) && c.eachHeldOnce(list));
    await c.stop('b');
    await waitFor('c and d to hold all', () => c.eachHeldOnce(list) && Object.values(c.counts()).every((n) => n === 6));
    expect(c.doubles).toEqual([]);
  });
});

describe('ShardLeases when nats-server goes away', () => {
  let own: NatsServer;
  beforeAll(async () => {
    own = await startNatsServer();
  });
  afterAll(async () => {
    await own?.stop();
  });

  it('restarted mid-way, the instances keep or take back every symbol, none twice', async () => {
    const list = symbols(8);
    bucketNo += 1;
    const bucket = `lob-shards-restart-${bucketNo}`;
    const c = (cluster = new ShardCluster({ servers: own.url, bucket, symbols: list, ...TIMING }));
    await Promise.all([c.add('a'), c.add('b')]);
    await waitFor('a 4/4 split', () => c.counts()['a'] === 4 && c.counts()['b'] === 4 && c.eachHeldOnce(list));
    const before = await leaseRevisions(own.url, bucket, list);
    await own.restart();
    // Every lease renewed on the restarted server (its revision moved on), by the instance holding it, none twice.
    let after = before;
    await waitFor(
      'every lease renewed after the restart',
      async () => {
        after = await leaseRevisions(own.url, bucket, list).catch(() => after);
        return list.every((s) => (after.get(leaseKey(s))?.revision ?? 0) > (before.get(leaseKey(s))?.revision ?? 0));
      },
      20_000,
    );
    await waitFor('a 4/4 split after the restart', () => c.counts()['a'] === 4 && c.counts()['b'] === 4 && c.eachHeldOnce(list));
    for (const s of list) {
      const holder = [...c.instances].find(([, l]) => l.heldSymbols().some((h) => symbolId(h) === symbolId(s)))?.[0];
      expect(after.get(leaseKey(s))?.instance).toBe(holder);
    }
    expect(c.doubles).toEqual([]);
  });

  it('cut off from NATS, an instance stops serving before its leases can expire, and takes them back after', async () => {
    const list = symbols(4);
    bucketNo += 1;
    const c = (cluster = new ShardCluster({ servers: own.url, bucket: `lob-shards-fence-${bucketNo}`, symbols: list, ...TIMING }));
    await c.add('a');
    await waitFor('a to hold all 4', () => c.counts()['a'] === 4);
    const killedAt = Date.now();
    await own.kill();
    await waitFor('a to give up its symbols', () => c.counts()['a'] === 0, 10_000);
    // Given up at the fence: after ttl - check interval without a renewal, before the ttl.
    expect(Date.now() - killedAt).toBeLessThan(TIMING.ttlMs + 250);
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(fenceAfterMs(TIMING) - TIMING.checkIntervalMs);
    await own.restart();
    await waitFor('a to hold all 4 again', () => c.counts()['a'] === 4 && c.eachHeldOnce(list));
    expect(c.doubles).toEqual([]);
  });
});
